// The maps with a tile server ([map] tile_url): the streets are drawn under
// the Pemda's boundaries and the configured attribution is shown as text.
// The settings and the tiles are answered by the browser here (the server's
// own answer, without tiles, is checked by tests/api), from the page's own
// origin so the Content-Security-Policy allows them.
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export async function run({ test, newPage, ready, base, PHONE }) {
  await test('map: a configured tile server draws streets under the kelurahan, with its attribution', async () => {
    const page = await newPage(PHONE);
    const tiles = [];
    await page.route('**/api/v1/map', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ tiles: { url: `${base}/ubin/{z}/{x}/{y}.png`, attribution: 'Peta <b>uji</b>' } }),
      }),
    );
    await page.route('**/ubin/**', (route) => {
      tiles.push(new URL(route.request().url()).pathname);
      return route.fulfill({ contentType: 'image/png', body: PIXEL });
    });
    await page.goto(base);
    await ready(page);
    await page.getByRole('link', { name: 'Buat laporan' }).click();
    await page.locator('.leaflet-overlay-pane path').first().waitFor();
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    if (!tiles.every((p) => /^\/ubin\/\d+\/\d+\/\d+\.png$/.test(p))) throw new Error(`tiles: ${tiles}`);
    const attribution = await page.locator('.leaflet-control-attribution').textContent();
    if (!attribution.includes('Peta <b>uji</b>')) throw new Error(`attribution: ${attribution}`);
    await page.close();
  });

  await test('map: a Pemda without kelurahan boundaries gets a note instead of a broken map', async () => {
    const page = await newPage(PHONE);
    // As GET /api/v1/regions?format=geojson answers before `sigap import
    // boundaries`: the regions, each with a null geometry.
    await page.route(/\/api\/v1\/regions\?.*format=geojson/, async (route) => {
      const response = await route.fetch();
      const collection = await response.json();
      for (const feature of collection.features) feature.geometry = null;
      return route.fulfill({ response, json: collection });
    });
    await page.goto(`${base}/transparansi`);
    await ready(page);
    await page.getByText('Peta belum tersedia: batas kelurahan wilayah ini belum dipasang.').waitFor();
    if (await page.locator('.leaflet-container').isVisible()) throw new Error('an empty map is shown');
    if ((await page.locator('.notice-error').count()) > 0) {
      throw new Error(`an error is shown: ${await page.locator('.notice-error').first().textContent()}`);
    }
    await page.close();
  });
}
