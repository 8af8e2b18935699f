// Leaflet maps drawn from the Pemda's own kecamatan and kelurahan boundaries
// (GET /api/v1/regions?format=geojson). No tile server is needed: the
// boundaries are the map; when the Pemda configures one ([map] tile_url, read
// from GET /api/v1/map) its streets are drawn beneath them. Loaded on demand,
// so pages without a map do not pay for Leaflet.
import type { FeatureCollection } from 'geojson';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { get } from '../api';
import { districts } from '../catalogue';
import { currentLanguage, t } from '../i18n';
import { featureAt } from './geo';
import { SHADES, shadeClass } from './shading';

export interface PickedPlace {
  lat: number;
  lng: number;
  region_code: string;  // the kelurahan, or '' outside the Pemda
  district_code: string;
}

export interface PlaceMap {
  setPin(lat: number, lng: number): void;
  // Takes the pin away (the place was cleared or chosen from the lists).
  clearPin(): void;
  focusRegion(code: string): void;
  // Says the boundaries' source, the zoom buttons' names and an open
  // tooltip again in the UI language (after a switch).
  relabel(): void;
  destroy(): void;
}

interface Boundaries {
  districts: FeatureCollection;
  villages: FeatureCollection;
}

let boundaries: Promise<Boundaries> | null = null;

interface MapSettings {
  tiles: { url: string; attribution: string } | null;
}

let settings: Promise<MapSettings> | null = null;

// The tile server, if any; a failed request means none (the map still works).
function loadSettings(): Promise<MapSettings> {
  if (!settings) {
    settings = get<MapSettings>('/api/v1/map').catch(() => {
      settings = null;
      return { tiles: null };
    });
  }
  return settings;
}

// Leaflet puts attributions in the page as HTML: the configured text is text.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The boundaries' source in the UI language, marked with it: until it is
// relabelled, a map drawn in Indonesian says so on a page switched to English.
function boundariesCredit(): string {
  return `<span lang="${currentLanguage()}">${escapeHtml(t('map.attribution'))}</span>`;
}

function loadBoundaries(): Promise<Boundaries> {
  if (!boundaries) {
    boundaries = (async () => {
      const kecamatan = await get<FeatureCollection>('/api/v1/regions?format=geojson');
      const list = await districts();
      const parts = await Promise.all(
        list.map((d) =>
          get<FeatureCollection>(
            `/api/v1/regions?parent=${encodeURIComponent(d.code)}&format=geojson`,
          ),
        ),
      );
      return {
        districts: kecamatan,
        // A kelurahan without an imported boundary has a null geometry.
        villages: {
          type: 'FeatureCollection',
          features: parts.flatMap((p) => p.features).filter((f) => f.geometry),
        },
      };
    })();
    boundaries.catch(() => {
      boundaries = null;
    });
  }
  return boundaries;
}

const villageStyle: L.PathOptions = { color: '#5b7083', weight: 1, fillColor: '#f4f7f5', fillOpacity: 1 };
const districtStyle: L.PathOptions = { color: '#23443a', weight: 2, fill: false, interactive: false };
const highlightStyle: L.PathOptions = { color: '#0b5d4b', weight: 3, fillColor: '#cfe9df', fillOpacity: 1 };

// Draws the map in `element`. With `onPick`, a click (or a tap) sets the pin
// and reports the kelurahan under it.
// The Pemda has no kelurahan boundaries yet (`sigap import boundaries`).
export class NoBoundaries extends Error {
  constructor() {
    super('no boundaries');
    this.name = 'NoBoundaries';
  }
}

export async function createMap(
  element: HTMLElement,
  options: {
    onPick?: (place: PickedPlace) => void;
    pin?: { lat: number; lng: number } | null;
    region?: string;
    regions?: string[];  // highlighted together, the view fitted to them
    // A choropleth: each kelurahan filled by its count's class (shading.ts),
    // its tooltip saying the count.
    shading?: { counts: Record<string, number>; breaks: number[]; tooltip: (name: string, n: number, code: string) => string };
  },
): Promise<PlaceMap> {
  const [data, { tiles }] = await Promise.all([loadBoundaries(), loadSettings()]);
  // A Pemda that has not imported its kelurahan boundaries has no map to
  // draw (without tiles and a pin, not even a place to centre on).
  if (data.villages.features.length === 0 && !(tiles && options.pin)) throw new NoBoundaries();
  // Someone who asked their system for less motion gets a map that jumps
  // rather than glides: no zoom, fade or pan animations, no inertia.
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const map = L.map(element, {
    attributionControl: true,
    zoomSnap: 0.5,
    minZoom: 10,
    maxZoom: 18,
    keyboard: true,
    zoomAnimation: !still,
    fadeAnimation: !still,
    markerZoomAnimation: !still,
    inertia: !still,
  });
  map.attributionControl.setPrefix(false);
  let credit = data.villages.features.length > 0 ? boundariesCredit() : '';
  if (credit) map.attributionControl.addAttribution(credit);
  if (tiles) {
    L.tileLayer(tiles.url, { attribution: escapeHtml(tiles.attribution), maxZoom: 19 }).addTo(map);
  }
  // Over streets, the kelurahan are tinted rather than painted.
  const fillOpacity = tiles ? 0.45 : 1;
  let highlighted: L.Path | null = null;
  const villageLayers = new Map<string, L.Path>();
  const shading = options.shading;
  // One tooltip for the map, following the pointer over the kelurahan. A
  // tooltip bound to each shape (bindTooltip) would also make every shape a
  // Tab stop (Leaflet listens for its focus, and Chromium then lets SVG
  // shapes take the focus): hundreds of unnamed stops. The map is one stop;
  // the kecamatan and kelurahan lists are the keyboard's way to a place.
  // Its text is written when it is shown, in the UI language of the moment
  // (a language switch does not redraw the map).
  const tooltip = L.tooltip({ direction: 'top', offset: [0, -8] });
  let tooltipText: (() => string) | null = null;
  const tooltipContent = () => {
    // The name is the boundary file's: text, never markup.
    const text = document.createElement('span');
    text.textContent = tooltipText?.() ?? '';
    return text;
  };
  const villages = L.geoJSON(data.villages, {
    style: (feature) => {
      if (!shading) return { ...villageStyle, fillOpacity };
      const n = shading.counts[String(feature?.properties?.code ?? '')] ?? 0;
      return { ...villageStyle, fillOpacity, fillColor: SHADES[shadeClass(n, shading.breaks)] };
    },
    onEachFeature: (feature, layer) => {
      const code = String(feature.properties?.code ?? '');
      const name = String(feature.properties?.name ?? '');
      villageLayers.set(code, layer as L.Path);
      const text = () => (shading ? shading.tooltip(name, shading.counts[code] ?? 0, code) : name);
      const show = (e: L.LeafletMouseEvent) => {
        if (tooltipText !== text || !map.hasLayer(tooltip)) {
          tooltipText = text;
          tooltip.setContent(tooltipContent());
        }
        tooltip.setLatLng(e.latlng);
        if (!map.hasLayer(tooltip)) tooltip.addTo(map);
      };
      layer.on({ mouseover: show, mousemove: show, click: show, mouseout: () => tooltip.remove() });
    },
  }).addTo(map);
  // The zoom buttons stay for the mouse and touch; from the keyboard the
  // focused map zooms with + and - and pans with the arrows. Leaflet names
  // them in English: their names follow the UI language.
  const zoomButtons = map.zoomControl.getContainer();
  for (const button of zoomButtons?.querySelectorAll('a') ?? []) {
    button.setAttribute('tabindex', '-1');
  }
  const nameZoomButtons = () => {
    for (const [selector, key] of [['.leaflet-control-zoom-in', 'map.zoom_in'], ['.leaflet-control-zoom-out', 'map.zoom_out']] as const) {
      const button = zoomButtons?.querySelector(selector);
      button?.setAttribute('title', t(key));
      button?.setAttribute('aria-label', t(key));
    }
  };
  nameZoomButtons();
  L.geoJSON(data.districts, { style: () => districtStyle }).addTo(map);
  const bounds = villages.getBounds();
  if (bounds.isValid()) {
    map.fitBounds(bounds);
    map.setMaxBounds(bounds.pad(0.5));
  } else if (options.pin) {
    map.setView([options.pin.lat, options.pin.lng], 15);  // streets only, around the pin
  }

  let marker: L.CircleMarker | null = null;
  const highlight = (code: string) => {
    highlighted?.setStyle({ ...villageStyle, fillOpacity });
    highlighted = villageLayers.get(code) ?? null;
    highlighted?.setStyle({ ...highlightStyle, fillOpacity });
  };
  const setPin = (lat: number, lng: number) => {
    if (!marker) {
      marker = L.circleMarker([lat, lng], {
        radius: 9,
        color: '#fff',
        weight: 3,
        fillColor: '#c0392b',
        fillOpacity: 1,
      }).addTo(map);
    } else {
      marker.setLatLng([lat, lng]);
    }
  };
  const pick = (lat: number, lng: number) => {
    setPin(lat, lng);
    const village = featureAt(data.villages, lat, lng);
    const district = featureAt(data.districts, lat, lng);
    const code = String(village?.properties?.code ?? '');
    highlight(code);
    options.onPick?.({
      lat: Math.round(lat * 1e6) / 1e6,
      lng: Math.round(lng * 1e6) / 1e6,
      region_code: code,
      district_code: String(district?.properties?.code ?? code.split('.').slice(0, 3).join('.')),
    });
  };
  if (options.regions && options.regions.length > 0) {
    let area: L.LatLngBounds | null = null;
    for (const code of options.regions) {
      const layer = villageLayers.get(code) as unknown as L.Polygon | undefined;
      if (!layer) continue;
      layer.setStyle({ ...highlightStyle, fillOpacity });
      area = area ? area.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
    }
    if (area) map.fitBounds(area.pad(0.3), { animate: false });
  }
  if (options.onPick) map.on('click', (e: L.LeafletMouseEvent) => pick(e.latlng.lat, e.latlng.lng));
  if (options.region) highlight(options.region);
  if (options.pin) {
    setPin(options.pin.lat, options.pin.lng);
    // Without animation: a page left within the animation's quarter second
    // would remove the map under Leaflet's pending zoom step.
    map.setView([options.pin.lat, options.pin.lng], 14, { animate: false });
  } else if (options.region && villageLayers.has(options.region)) {
    const layer = villageLayers.get(options.region) as unknown as L.Polygon;
    map.fitBounds(layer.getBounds(), { animate: false });
  }
  return {
    setPin: (lat, lng) => {
      setPin(lat, lng);
      if (!map.getBounds().contains([lat, lng])) map.panTo([lat, lng], { animate: !still });
    },
    clearPin: () => {
      marker?.remove();
      marker = null;
    },
    focusRegion: (code) => {
      const layer = villageLayers.get(code) as unknown as L.Polygon | undefined;
      highlight(code);
      if (layer) map.fitBounds(layer.getBounds(), { animate: !still });
    },
    relabel: () => {
      nameZoomButtons();
      if (tooltipText && map.hasLayer(tooltip)) tooltip.setContent(tooltipContent());
      if (!credit) return;
      map.attributionControl.removeAttribution(credit);
      credit = boundariesCredit();
      map.attributionControl.addAttribution(credit);
    },
    destroy: () => {
      // A zoom the user started may still be animating: Leaflet finishes it
      // on a timer (_onZoomTransitionEnd) that fails on a removed map, so
      // stop what can be stopped and remove the map after it.
      map.stop();
      map.off();
      if ((map as unknown as { _animatingZoom?: boolean })._animatingZoom) {
        window.setTimeout(() => map.remove(), 300);
      } else {
        map.remove();
      }
    },
  };
}

// For "use my location": where the point falls, without drawing anything.
export async function placeAt(lat: number, lng: number): Promise<PickedPlace> {
  const data = await loadBoundaries();
  const village = featureAt(data.villages, lat, lng);
  const code = String(village?.properties?.code ?? '');
  return { lat, lng, region_code: code, district_code: code.split('.').slice(0, 3).join('.') };
}
