// A Preact wrapper of the Leaflet map (map.ts is loaded on first use).
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t, useLanguage } from '../i18n';
import type { PickedPlace, PlaceMap } from './map';
import type { Shading } from './shading';

export function MapView(props: {
  label: string;
  pin?: { lat: number; lng: number } | null;
  region?: string;
  onPick?: (place: PickedPlace) => void;
  focus?: string;  // a kelurahan to show, chosen from the lists
  regions?: string[];  // kelurahan to highlight together (an alert's places)
  shading?: Shading;  // a choropleth of counts per kelurahan (drawn once: give a new key to redraw)
  class?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<PlaceMap | null>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;
  const pinNow = useRef(props.pin);
  pinNow.current = props.pin;
  const [failed, setFailed] = useState<'' | 'error' | 'no_boundaries'>('');
  const keys = `${useId()}-keys`;
  const language = useLanguage();

  useEffect(() => {
    let live = true;
    import('./map')
      .then((m) =>
        m.createMap(element.current!, {
          pin: props.pin,
          region: props.region,
          regions: props.regions,
          shading: props.shading,
          onPick: props.onPick ? (p) => onPick.current?.(p) : undefined,
        }),
      )
      .then(
        (created) => {
          if (!live) return created.destroy();
          map.current = created;
          // A pin set or cleared while the map was loading.
          const pin = pinNow.current;
          if (pin) created.setPin(pin.lat, pin.lng);
          else created.clearPin();
        },
        (e: unknown) =>
          live && setFailed(e instanceof Error && e.name === 'NoBoundaries' ? 'no_boundaries' : 'error'),
      );
    return () => {
      live = false;
      map.current?.destroy();
      map.current = null;
    };
  }, []);

  // The pin follows the place: moved, or taken away when it is cleared.
  useEffect(() => {
    if (!map.current) return;
    if (props.pin) map.current.setPin(props.pin.lat, props.pin.lng);
    else map.current.clearPin();
  }, [props.pin?.lat, props.pin?.lng]);

  useEffect(() => map.current?.relabel(), [language]);

  useEffect(() => {
    if (props.focus && map.current) map.current.focusRegion(props.focus);
  }, [props.focus]);

  return (
    <div class={`map-frame ${props.class ?? ''}`}>
      {/* One Tab stop: the shapes are not focusable (map.ts). */}
      <div class="map" ref={element} role="region" aria-label={props.label} aria-describedby={keys} hidden={failed !== ''} />
      <p class="visually-hidden" id={keys}>
        {t('map.keyboard_hint')}
      </p>
      {failed === 'error' && <p class="notice notice-error">{t('map.failed')}</p>}
      {failed === 'no_boundaries' && <p class="notice">{t('map.no_boundaries')}</p>}
    </div>
  );
}
