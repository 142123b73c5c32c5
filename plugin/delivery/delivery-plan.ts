// What a filed follow-up report becomes in the outbox, by the municipality's delivery configuration: a mail to
// the responsible caseworker, an upload to the case's folder in the document library, and the caseworker's
// calendar reminder of the next follow-up. Pure: it decides the rows; the repository writes them. A delivery
// that cannot be made from what the filing holds (no address, no case number for the folder) becomes a row
// that is failed from the start with the reason, so the administrator sees it instead of nothing.
import type { DeliveryKind } from './delivery-outcome';
import type { MailSettings, MunicipalityDelivery } from './delivery-config';

/** The filed record, as the filing hands it to its handlers. */
export interface FiledReport {
  readonly filingId: string;
  readonly childId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly caseNumber: string | null;
  readonly municipality: string | null;
  /** The responsible caseworker: the host's user id and, where the host has it, the mail address. */
  readonly caseworker: { readonly id: string; readonly address: string | null };
  /** ISO instant. */
  readonly filedAt: string;
  /** The child's next follow-up date after this filing (YYYY-MM-DD), when the schedule has one. */
  readonly nextDueOn?: string | null;
}

/** Which filed report a delivery is about: enough to render it again, nothing of its content. */
export interface ReportRef {
  readonly filingId: string;
  readonly childId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly caseNumber: string | null;
  readonly fileName: string;
}

export interface MailPayload {
  readonly report: ReportRef;
  readonly sender: string;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
}

export interface UploadPayload {
  readonly report: ReportRef;
  readonly siteId: string | null;
  readonly driveId: string;
  /** Folder path inside the library, "/"-separated, no leading or trailing "/". */
  readonly folder: string;
}

export interface CalendarPayload {
  readonly childId: string;
}

export type PlannedDelivery =
  | { readonly kind: 'mail'; readonly payload: MailPayload; readonly problem: null }
  | { readonly kind: 'upload'; readonly payload: UploadPayload; readonly problem: null }
  | { readonly kind: DeliveryKind; readonly payload: { readonly report: ReportRef }; readonly problem: string };

/** The calendar's wanted state for a child (one event per child: its next follow-up). */
export interface CalendarWish {
  readonly childId: string;
  readonly caseworkerAddress: string;
  readonly dueOn: string;
}

export interface DeliveryPlan {
  readonly deliveries: readonly PlannedDelivery[];
  readonly calendar: CalendarWish | null;
  /** Why the calendar gets nothing though it is enabled (no next date, no address), or null. */
  readonly calendarProblem: string | null;
}

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UNSAFE_IN_PATH = /[\\/:*?"<>|#%\u0000-\u001f]/g;

export function reportFileName(filing: Pick<FiledReport, 'periodFrom' | 'periodTo'>): string {
  return `Opfølgningsrapport ${filing.periodFrom} til ${filing.periodTo}.pdf`;
}

/** The caseworker's mail address by the configured rule, or why there is none. */
export function caseworkerAddress(filing: FiledReport, mail: MailSettings | null): { address: string } | { problem: string } {
  const rule = mail?.recipient ?? 'caseworker-address';
  if (rule === 'caseworker-address') {
    const a = filing.caseworker.address?.trim() ?? '';
    return ADDRESS.test(a) ? { address: a } : { problem: 'the filing has no mail address for the responsible caseworker (mail.recipient "caseworker-address")' };
  }
  const id = filing.caseworker.id.trim();
  const candidate = id.includes('@') ? id : mail?.recipientDomain ? `${id}@${mail.recipientDomain}` : '';
  return ADDRESS.test(candidate) ? { address: candidate } : { problem: 'the caseworker id is not a mail address and mail.recipientDomain is not set (mail.recipient "caseworker-id")' };
}

function fill(template: string, values: Readonly<Record<string, string | null>>): { text: string } | { missing: string } {
  let missing: string | null = null;
  const text = template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = values[key];
    if (v === null || v === undefined || v === '') {
      missing ??= key;
      return '';
    }
    return v;
  });
  return missing === null ? { text } : { missing };
}

export function caseLink(filing: Pick<FiledReport, 'childId' | 'caseNumber'>, mail: MailSettings): string | null {
  if (mail.caseLinkTemplate === null) return null;
  const filled = fill(mail.caseLinkTemplate, { childId: encodeURIComponent(filing.childId), caseNumber: filing.caseNumber === null ? null : encodeURIComponent(filing.caseNumber) });
  return 'text' in filled ? filled.text : null;
}

/** The mail's subject and body: the configured texts (no personal data), the case link, the case number only if allowed. */
export function mailTexts(filing: FiledReport, mail: MailSettings): { subject: string; body: string } {
  const link = caseLink(filing, mail);
  const subject = mail.includeCaseNumber && filing.caseNumber ? `${mail.subject} (sag ${filing.caseNumber})` : mail.subject;
  let body = mail.body.replace(/\{caseLink\}/g, link ?? '');
  if (link !== null && !mail.body.includes('{caseLink}')) body = `${body}\n\nÅbn sagen i sagssystemet: ${link}`;
  return { subject: subject.replace(/\{caseLink\}/g, ''), body };
}

export function caseFolder(filing: FiledReport, folderTemplate: string): { folder: string } | { problem: string } {
  const safe = (v: string | null) => (v === null ? null : v.replace(UNSAFE_IN_PATH, '-').trim());
  const parts: string[] = [];
  for (const segment of folderTemplate.split('/').map((s) => s.trim()).filter((s) => s !== '')) {
    const filled = fill(segment, { caseNumber: safe(filing.caseNumber), childId: safe(filing.childId), year: filing.periodTo.slice(0, 4) });
    if ('missing' in filled) return { problem: `the folder template needs {${filled.missing}}, which the filing does not have` };
    if (filled.text === '.' || filled.text === '..') return { problem: `the folder template gives the segment "${filled.text}"` };
    parts.push(filled.text);
  }
  return { folder: parts.join('/') };
}

export function planDeliveries(filing: FiledReport, config: MunicipalityDelivery): DeliveryPlan {
  const report: ReportRef = {
    filingId: filing.filingId,
    childId: filing.childId,
    periodFrom: filing.periodFrom,
    periodTo: filing.periodTo,
    caseNumber: filing.caseNumber,
    fileName: reportFileName(filing),
  };
  const deliveries: PlannedDelivery[] = [];
  if ((config.mode === 'mail' || config.mode === 'both') && config.mail) {
    const to = caseworkerAddress(filing, config.mail);
    if ('problem' in to) deliveries.push({ kind: 'mail', payload: { report }, problem: to.problem });
    else deliveries.push({ kind: 'mail', payload: { report, sender: config.mail.sender, recipient: to.address, ...mailTexts(filing, config.mail) }, problem: null });
  }
  if ((config.mode === 'upload' || config.mode === 'both') && config.upload) {
    const folder = caseFolder(filing, config.upload.folderTemplate);
    if ('problem' in folder) deliveries.push({ kind: 'upload', payload: { report }, problem: folder.problem });
    else deliveries.push({ kind: 'upload', payload: { report, siteId: config.upload.siteId, driveId: config.upload.driveId, folder: folder.folder }, problem: null });
  }
  let calendar: CalendarWish | null = null;
  let calendarProblem: string | null = null;
  if (config.calendar.enabled) {
    const to = caseworkerAddress(filing, config.mail);
    if ('problem' in to) calendarProblem = to.problem;
    else if (!filing.nextDueOn) calendarProblem = 'the child has no next follow-up date in the schedule';
    else calendar = { childId: filing.childId, caseworkerAddress: to.address, dueOn: filing.nextDueOn };
  }
  return { deliveries, calendar, calendarProblem };
}
