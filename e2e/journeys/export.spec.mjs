// Journeys: a consultant takes the numbers and the charts away — every export as CSV
// and as an Excel workbook with the same cells, names a spreadsheet would run made
// harmless in both, and each chart as an SVG that looks like the page and a sharp PNG.
//
// The workbook is read here with node's own zlib and a few lines of ZIP reading (no
// spreadsheet library): the point is what a spreadsheet would find in the file.
import { readFile } from 'node:fs/promises';
import { inflateRawSync, crc32 } from 'node:zlib';
import { test, expect } from '@playwright/test';
import { Workspace, watch } from '../pages/workspace.mjs';

/** The files of a ZIP archive, by name, from its central directory (checksums checked). */
function unzip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a ZIP file: no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const packed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30);
    const comment = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (buffer.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    if (typeof crc32 === 'function' && crc32(data) >>> 0 !== crc) throw new Error(`bad checksum for ${name}`);
    files.set(name, data.toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

/** XML text as it reads: entities, then the workbook's `_xHHHH_` escapes. */
function xmlText(s) {
  return s
    .replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e) =>
      ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ??
      String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)))
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** Column letters to an index: A → 0, AA → 26. */
function column(letters) {
  return [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
}

/**
 * The one worksheet of a workbook as rows of cells ({ kind: 'number' | 'text', text }),
 * with its name; throws when the file is not a workbook or any cell is a formula.
 */
function workbook(buffer) {
  const files = unzip(buffer);
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']) {
    if (!files.has(part)) throw new Error(`the workbook has no ${part}`);
  }
  const names = [...files.get('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) => xmlText(m[1]));
  const sheet = files.get('xl/worksheets/sheet1.xml');
  if (/<f[ >]/.test(sheet)) throw new Error('a cell is a formula');
  const rows = [];
  for (const row of sheet.matchAll(/<row r="(\d+)"[^>]*>(.*?)<\/row>/gs)) {
    const cells = [];
    for (const c of row[2].matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(.*?)<\/c>/gs)) {
      if (c[2] !== row[1]) throw new Error(`cell ${c[1]}${c[2]} in row ${row[1]}`);
      const inline = c[4].match(/^<is><t[^>]*>(.*)<\/t><\/is>$/s);
      const value = c[4].match(/^<v>(.*)<\/v>$/s);
      if (c[3].includes('t="inlineStr"') && inline) cells[column(c[1])] = { kind: 'text', text: xmlText(inline[1]) };
      else if (!/ t="/.test(c[3]) && value) cells[column(c[1])] = { kind: 'number', text: value[1] };
      else throw new Error(`unexpected cell ${c[0]}`);
    }
    rows[Number(row[1]) - 1] = cells;
  }
  return { names, rows, files };
}

/** RFC 4180 fields of CSV text (quotes doubled inside quoted fields). */
function parseCsv(text) {
  const rows = [];
  let row = [];
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
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Every CSV field equals the workbook's cell: text as text, numbers as numbers. */
function expectSameCells(csvText, book) {
  const csv = parseCsv(csvText);
  expect(book.rows.length).toBe(csv.length);
  csv.forEach((fields, r) => {
    const cells = book.rows[r] ?? [];
    expect(cells.length, `row ${r + 1} is no wider than the CSV's`).toBeLessThanOrEqual(fields.length);
    fields.forEach((field, c) => {
      const cell = cells[c];
      if (field === '') {
        expect(cell === undefined || cell.text === '', `row ${r + 1} column ${c + 1} is empty`).toBe(true);
      } else if (cell?.kind === 'number') {
        expect(cell.text, `row ${r + 1} column ${c + 1}`).toBe(field);
        expect(Number.isFinite(Number(cell.text))).toBe(true);
      } else {
        expect(cell, `row ${r + 1} column ${c + 1}`).toEqual({ kind: 'text', text: field });
      }
    });
  });
}

/** Presses the button and returns the download's name and bytes. */
async function download(page, button) {
  const downloading = page.waitForEvent('download');
  await button.click();
  const file = await downloading;
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

/** The CSV and the workbook of one export, checked to hold the same cells. */
async function bothOf(page, what) {
  const csv = await download(page, page.getByTestId(`export-${what}`));
  const xlsx = await download(page, page.getByTestId(`export-${what}-xlsx`));
  expect(csv.name).toBe(`${what}.csv`);
  expect(xlsx.name).toBe(`${what}.xlsx`);
  expect(xlsx.bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const text = csv.bytes.toString('utf8');
  const book = workbook(xlsx.bytes);
  expectSameCells(text, book);
  return { text, book };
}

test('forecasts of a sample come out as a workbook with the cells of the CSV', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.importSummary).toContainText('12 items');
  await expect(page.getByTestId('forecast-progress')).toHaveCount(0);
  await expect(page.getByTestId('export-forecasts-xlsx')).toBeEnabled();

  // The workbook button is named, and reached and pressed from the keyboard.
  const xlsxButton = page.getByTestId('export-forecasts-xlsx');
  await expect(xlsxButton).toHaveAccessibleName('Forecasts XLSX');
  await page.getByTestId('export-forecasts').focus();
  await page.keyboard.press('Tab');
  await expect(xlsxButton).toBeFocused();
  const pressed = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await pressed).suggestedFilename()).toBe('forecasts.xlsx');
  const { text, book } = await bothOf(page, 'forecasts');
  expect(book.names).toEqual(['Forecasts']);
  const header = book.rows[0].map((c) => c.text);
  expect(header).toEqual(['series_id', 'step', 'period', 'forecast', 'method', 'lo_80', 'hi_80', 'lo_95', 'hi_95']);
  // 12 items, 12 months ahead each.
  expect(book.rows).toHaveLength(1 + 12 * 12);
  expect(book.rows[1][1]).toEqual({ kind: 'number', text: '1' });
  expect(book.rows[1][3].kind).toBe('number');
  expect(text.split('\n')[0]).toBe(header.join(','));
  // The header is bold and frozen, as a planner expects of a table.
  const sheetXml = book.files.get('xl/worksheets/sheet1.xml');
  expect(sheetXml).toContain('state="frozen"');
  expect(book.files.get('xl/styles.xml')).toContain('<b/>');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a name a spreadsheet would run is neutralised in every CSV and workbook', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  const name = '=HYPERLINK("http://evil.example","x")';
  const rows = ['sku\tmonth\tqty'];
  for (let m = 1; m <= 12; m++) {
    const month = `2024-${String(m).padStart(2, '0')}`;
    rows.push(`${name}\t${month}\t${10 + m}`, `-2\t${month}\t${20 + m}`);
  }
  await ws.paste(rows.join('\n'));
  await expect(ws.forecast('2025-01')).toBeVisible();
  await expect(page.getByTestId('export-forecasts-xlsx')).toBeEnabled();

  const forecasts = await bothOf(page, 'forecasts');
  const names = new Set(forecasts.book.rows.slice(1).map((r) => r[0].text));
  expect([...names].sort()).toEqual(["'-2", `'${name}`].sort());
  expect(forecasts.text).toMatch(/\n"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",1,2025-01,/);
  expect(forecasts.text.split('\n').some((l) => /^"?[=+@-]/.test(l))).toBe(false);

  const consensus = await bothOf(page, 'consensus');
  expect(consensus.book.names).toEqual(['Consensus']);
  expect(consensus.book.rows.slice(1).map((r) => r[0].text)).toContain(`'${name}`);

  const plan = await bothOf(page, 'plan');
  expect(plan.book.names).toEqual(['Aggregate plan']);
  expect(plan.book.rows.at(-1)[0]).toEqual({ kind: 'text', text: 'Total' });

  const kpis = await bothOf(page, 'kpis');
  expect(kpis.book.names).toEqual(['KPIs']);
  expect(kpis.book.rows).toHaveLength(13);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

/** The figure of the chart whose SVG has this test id. */
function figureOf(page, testid) {
  return page.locator(`figure:has([data-testid="${testid}"])`);
}

/** What the browser makes of an SVG file and a PNG file, as if opened alone. */
async function inspect(page, svgText, pngBase64) {
  return page.evaluate(async ({ svgText, pngBase64 }) => {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = doc.documentElement;
    const paths = [...root.querySelectorAll('path')].map((p) => ({
      cls: p.getAttribute('class'),
      stroke: p.getAttribute('stroke'),
      fill: p.getAttribute('fill'),
      width: p.getAttribute('stroke-width'),
      d: (p.getAttribute('d') ?? '').length,
    }));
    let png = null;
    if (pngBase64) {
      const image = new Image();
      image.src = `data:image/png;base64,${pngBase64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
      png = { width: image.naturalWidth, height: image.naturalHeight, colours: colours.size, corner: [...data.slice(0, 4)] };
    }
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      tag: root.localName,
      ns: root.namespaceURI,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      title: root.querySelector('title')?.textContent ?? null,
      background: root.querySelector('rect.background')?.getAttribute('fill') ?? null,
      legend: [...root.querySelectorAll('g.legend text')].map((t) => t.textContent),
      textFill: root.querySelector('text')?.getAttribute('fill') ?? null,
      fontSize: root.querySelector('text')?.getAttribute('font-size') ?? null,
      paths,
      png,
    };
  }, { svgText, pngBase64 });
}

test('every chart downloads as an SVG that looks like the page and a PNG twice its size', async ({ page, baseURL }) => {
  const seen = watch(page, baseURL);
  const ws = new Workspace(page);
  await ws.open();
  await page.getByTestId('sample-family_monthly.csv').click();
  await expect(ws.importSummary).toContainText('12 items');
  await expect(page.getByTestId('forecast-progress')).toHaveCount(0);
  await expect(ws.chart.getByTestId('forecast-line')).toHaveAttribute('d', /M/);

  // The forecast chart: history and forecast lines with the page's colours and dashes.
  const figure = figureOf(page, 'forecast-chart');
  const svgButton = figure.getByTestId('chart-svg');
  await expect(svgButton).toHaveAccessibleName('Download this chart as SVG');
  const svg = await download(page, svgButton);
  expect(svg.name).toMatch(/^forecast-chart-.+\.svg$/);
  const png = await download(page, figure.getByTestId('chart-png'));
  expect(png.name).toBe(svg.name.replace(/\.svg$/, '.png'));
  // A PNG: its signature, then the IHDR chunk with the size.
  expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.bytes.toString('latin1', 12, 16)).toBe('IHDR');
  const [pngWidth, pngHeight] = [png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)];

  const seenSvg = await inspect(page, svg.bytes.toString('utf8'), png.bytes.toString('base64'));
  expect(seenSvg.error).toBeNull();
  expect(seenSvg.tag).toBe('svg');
  expect(seenSvg.ns).toBe('http://www.w3.org/2000/svg');
  expect(seenSvg.title).toMatch(/^Sales history and forecast — /);
  expect(seenSvg.width).toBe(720);
  expect(seenSvg.height).toBeGreaterThan(260);
  expect([pngWidth, pngHeight]).toEqual([2 * seenSvg.width, 2 * seenSvg.height]);
  expect(seenSvg.png).toMatchObject({ width: pngWidth, height: pngHeight });
  // Not a blank picture: the lines, the text and the background are drawn.
  expect(seenSvg.png.colours).toBeGreaterThan(3);
  expect(seenSvg.png.corner[3]).toBe(255);
  // The styles the page gives by CSS are on the elements themselves.
  const onPage = await ws.chart.evaluate((el) => {
    const style = (sel) => getComputedStyle(el.querySelector(sel));
    return {
      history: style('.history-line').stroke,
      forecast: style('.forecast-line').stroke,
      dash: style('.forecast-line').strokeDasharray,
      text: style('text').fill,
      // What the chart is drawn on: the nearest background that is not transparent.
      background: (() => {
        for (let e = el.closest('figure'); e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && c !== 'transparent' && !c.endsWith(', 0)')) return c;
        }
        return '#ffffff';
      })(),
    };
  });
  const history = seenSvg.paths.find((p) => p.cls === 'history-line');
  const forecast = seenSvg.paths.find((p) => p.cls === 'forecast-line');
  expect(history).toMatchObject({ stroke: onPage.history, fill: 'none' });
  expect(history.d).toBeGreaterThan(20);
  expect(forecast).toMatchObject({ stroke: onPage.forecast, fill: 'none' });
  expect(forecast.d).toBeGreaterThan(20);
  expect(history.stroke).not.toBe(forecast.stroke);
  expect(seenSvg.paths.find((p) => p.cls === 'forecast-line').width).toBe('2px');
  expect(seenSvg.textFill).toBe(onPage.text);
  expect(seenSvg.fontSize).toBe('11px');
  expect(seenSvg.background).toBe(onPage.background);
  expect(seenSvg.legend).toEqual(expect.arrayContaining(['History', 'Forecast']));
  const svgText = svg.bytes.toString('utf8');
  expect(svgText).not.toContain('data-testid');
  expect(svgText).toContain('stroke-dasharray="6px, 3px"');

  // The plan's chart and the dashboard's chart download the same way.
  const plan = page.getByTestId('plan');
  await plan.getByTestId('plan-use-forecast').click();
  await expect(plan.getByTestId('status-optimal')).toHaveText('optimal (proven least cost)');
  for (const testid of ['plan-chart', 'gap-chart']) {
    const chart = figureOf(page, testid);
    await chart.scrollIntoViewIfNeeded();
    const file = await download(page, chart.getByTestId('chart-svg'));
    expect(file.name).toBe(`${testid}.svg`);
    const seenChart = await inspect(page, file.bytes.toString('utf8'), null);
    expect(seenChart.error).toBeNull();
    expect(seenChart.paths.find((p) => p.cls === 'demand-line')).toMatchObject({ fill: 'none' });
    expect(seenChart.legend).toContain('Demand');
    expect(file.bytes.toString('utf8')).toMatch(/<rect [^>]*class="bar[^"]*"[^>]* fill="rgb\(/);
    const picture = await download(page, chart.getByTestId('chart-png'));
    expect(picture.bytes.toString('latin1', 1, 4)).toBe('PNG');
    expect(picture.bytes.readUInt32BE(16)).toBe(2 * seenChart.width);
  }

  // A scenario's delta chart, named after the scenario.
  const scenarios = page.locator('#step-scenarios');
  await scenarios.scrollIntoViewIfNeeded();
  await scenarios.getByTestId('scn-add').click();
  await scenarios.getByTestId('scn-0-demand').fill('10');
  await scenarios.getByTestId('scn-0-demand').press('Tab');
  await expect(scenarios.getByTestId('scn-0-delta-PlanCost')).toContainText('worse');
  const delta = figureOf(page, 'scn-delta-chart');
  const deltaFile = await download(page, delta.getByTestId('chart-svg'));
  expect(deltaFile.name).toBe('scn-delta-chart-Scenario-A.svg');
  const seenDelta = await inspect(page, deltaFile.bytes.toString('utf8'), null);
  expect(seenDelta.error).toBeNull();
  expect(seenDelta.title).toMatch(/^Change of each KPI in Scenario A against the base.* — Scenario A$/);
  expect(seenDelta.legend).toEqual(['Better than the base', 'Worse than the base']);
  expect(deltaFile.bytes.toString('utf8')).toMatch(/<rect [^>]*class="delta-bar worse"[^>]* fill="rgb\(/);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});
