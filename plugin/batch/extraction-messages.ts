// The messages between a batch run and its extraction worker threads (./extraction-workers,
// ./extraction-worker-thread): plain data, copied between threads.
import type { ExtractedReferral } from '../../adapters/extraction/feature-extractor';

export type ExtractionRequest =
  | { readonly kind: 'extract'; readonly request: number; readonly ids: readonly string[] }
  | { readonly kind: 'close' };

/** The worker is ready to take requests (sent once, after it has opened the host and planned the mapping). */
export interface ExtractionReady {
  readonly kind: 'ready';
}

export interface ExtractionReply {
  readonly kind: 'extracted';
  readonly request: number;
  readonly extracted?: ExtractedReferral[];
  /** Set when the extraction failed; a typed error keeps its code and details. */
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string; readonly details?: Record<string, unknown> };
}
