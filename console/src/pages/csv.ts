// CSV to the Batch API's JSONL, in the browser, as the command line does it (docs/cli.md).

const NUMBERS = new Set(['n', 'seed', 'output_compression', 'partial_images']);

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** One batch line per CSV row: the header names the body's fields; {@code prompt} is required. */
export function jsonlOfCsv(text: string, endpoint: string): string {
  const [header, ...rows] = parseCsv(text);
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  if (!names.includes('prompt')) {
    throw new Error('The CSV file needs a header row with a "prompt" column.');
  }
  return rows.map((row, index) => {
    const body: Record<string, string | number> = {};
    let customId = `line-${index + 1}`;
    names.forEach((name, column) => {
      const value = row[column]?.trim();
      if (!value) return;
      if (name === 'custom_id') customId = value;
      else body[name] = NUMBERS.has(name) ? Number(value) : value;
    });
    return JSON.stringify({ custom_id: customId, method: 'POST', url: endpoint, body });
  }).join('\n') + '\n';
}
