/** The file of a bundle in one format, written by the project's shared, browser-safe export code. */
import { exportBundle, FORMAT_FILE } from '../../src/exchange/formats.js';
import type { ExportBundle, ExportFormat } from '../../src/exchange/model.js';

export function renderExport(
  format: ExportFormat,
  bundle: ExportBundle,
  selection?: string,
): { text: string; mime: string; extension: string } {
  const file = FORMAT_FILE[format];
  return {
    text: exportBundle(bundle, format, selection ? { selection } : {}),
    mime: file.mediaType,
    extension: file.extension,
  };
}
