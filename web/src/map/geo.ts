// Point-in-polygon over the Pemda's GeoJSON boundaries (no library needed).
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

function inRing(lng: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inPolygon(lng: number, lat: number, rings: Position[][]): boolean {
  if (rings.length === 0 || !inRing(lng, lat, rings[0])) return false;
  return !rings.slice(1).some((hole) => inRing(lng, lat, hole));
}

export function contains(feature: Feature, lat: number, lng: number): boolean {
  const g = feature.geometry as Polygon | MultiPolygon | null;
  if (!g) return false;
  if (g.type === 'Polygon') return inPolygon(lng, lat, g.coordinates);
  if (g.type === 'MultiPolygon') return g.coordinates.some((p) => inPolygon(lng, lat, p));
  return false;
}

// The feature of `collection` that contains the point, if any.
export function featureAt(collection: FeatureCollection, lat: number, lng: number): Feature | null {
  return collection.features.find((f) => contains(f, lat, lng)) ?? null;
}
