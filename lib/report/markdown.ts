/**
 * Small Markdown building blocks and the display format of resource figures, shared by the
 * report sections.
 */
import { formatGibibytes, formatMebibytes, formatMillicores } from '../quantity';
import { ResourceAmounts, ResourceLimits } from './pod-resources';

/** Text safe inside a table cell: pipes escaped, line breaks as `<br>`. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code that survives a table cell. */
export function code(text: string): string {
  return text === '' ? '' : `\`${text.replace(/`/g, "'")}\``;
}

/** A Markdown table; cells are escaped here, so callers pass plain text (or already-formatted code spans). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** CPU in millicores, or `none` for an unbounded limit. */
export function cpu(millicores: number | undefined): string {
  return millicores === undefined ? 'none' : formatMillicores(millicores);
}

/** Memory in Mi, or `none` for an unbounded limit. */
export function memory(bytes: number | undefined): string {
  return bytes === undefined ? 'none' : formatMebibytes(bytes);
}

/** Storage in Gi. */
export function storage(bytes: number): string {
  return formatGibibytes(bytes);
}

/** `250m / 768Mi`. */
export function requests(amounts: ResourceAmounts): string {
  return `${cpu(amounts.cpuMillicores)} / ${memory(amounts.memoryBytes)}`;
}

/** `none / 1536Mi`. */
export function limits(amounts: ResourceLimits): string {
  return `${cpu(amounts.cpuMillicores)} / ${memory(amounts.memoryBytes)}`;
}

/** A signed difference, e.g. `+450m`, `-512Mi`, `0m`. */
export function signed(difference: number, format: (value: number) => string): string {
  return difference > 0 ? `+${format(difference)}` : difference < 0 ? `-${format(-difference)}` : format(0);
}
