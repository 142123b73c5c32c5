// The filed report's PDF for a delivery, rendered from the follow-up report's data for the filed period (the
// same use case and printer as the report page's PDF). The bytes go to Graph and nowhere else.
import { assembleReport, renderReportPdf, reportView, type ReportDeps } from '../follow-up/follow-up-service';
import type { ReportDocumentSource } from './delivery-worker';

export function filedReportDocuments(deps: ReportDeps): ReportDocumentSource {
  return async (ref) => {
    const assembled = await assembleReport(deps, ref.childId, { from: ref.periodFrom, to: ref.periodTo });
    return renderReportPdf(deps, reportView(deps, assembled, 'da', null));
  };
}
