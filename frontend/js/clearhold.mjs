/**
 * ClearHold front-end behaviour (ES module, no bundler).
 * Source: frontend/js/clearhold.mjs -> copied to static/dist/clearhold.mjs
 *
 * Expected tags in the Django base template (see frontend/README.md):
 *
 *   <head>
 *     <link rel="stylesheet" href="{% static 'dist/leaflet/leaflet.css' %}">
 *     <link rel="stylesheet" href="{% static 'dist/leaflet.markercluster/MarkerCluster.css' %}">
 *     <link rel="stylesheet" href="{% static 'dist/leaflet.markercluster/MarkerCluster.Default.css' %}">
 *     <link rel="stylesheet" href="{% static 'dist/clearhold.css' %}">
 *   </head>
 *   <body class="govuk-template__body">
 *     <script>document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');</script>
 *     ...
 *     <!-- end of body; Leaflet is a classic script (window.L), so it must come before the module -->
 *     <script src="{% static 'dist/leaflet/leaflet.js' %}"></script>
 *     <script src="{% static 'dist/leaflet.markercluster/leaflet.markercluster.js' %}"></script>
 *     <script type="module" src="{% static 'dist/clearhold.mjs' %}"></script>
 *   </body>
 *
 * This module imports ./govuk-frontend.min.js and ./moj-frontend.min.js
 * itself (relative to its own URL), so do not add tags for those.
 *
 * What it does, on load and again for content HTMX swaps in (htmx:load):
 *
 * 1. GOV.UK Frontend initAll() and MOJ Frontend initAll(), plus the MOJ
 *    components MOJ's initAll() leaves out: filter toggle
 *    (data-module="moj-filter") and multi-file upload
 *    (data-module="moj-multi-file-upload", configured with data attributes
 *    such as data-upload-url, data-delete-url, data-csrf-token,
 *    data-csrf-header-name="X-CSRFToken").
 *
 * 2. Maps. Every element with `data-ch-map`:
 *
 *      <div class="ch-map" data-ch-map
 *           data-geojson-id="incidents-geojson"
 *           data-geojson-url="/hotspots/map.json?..."  (optional; the GeoJSON fetched
 *                                                       from this address instead)
 *           data-tile-url="{{ tile_url }}"              (optional; empty = no base map)
 *           data-tile-attribution="{{ tile_attribution }}" (plain text)
 *           data-legend-id="incidents-legend"           (optional)
 *           data-cluster="auto|true|false"             (optional; auto = cluster > 500 points)
 *           data-scroll-zoom="true"                     (optional; default off so the page scrolls)
 *           data-empty-text="No incidents in this period" (optional; shown when there are no features)
 *           aria-label="Map of incidents near 12 High Street">
 *        <p class="ch-map__fallback">Fallback text, replaced when the map draws.</p>
 *      </div>
 *      {{ geojson|json_script:"incidents-geojson" }}
 *      {{ legend|json_script:"incidents-legend" }}
 *
 *    GeoJSON is a FeatureCollection in WGS84 (lon, lat). Per-feature
 *    properties used: `style` ({color, fillColor, fillOpacity, weight,
 *    opacity, radius, dashArray}), `popup` (plain text; newlines kept,
 *    never parsed as HTML), `href` (a same-origin link: tapping the
 *    feature opens it, and `popup` becomes its tooltip) and `tick` (the id
 *    of a checkbox a tap on the shape ticks or unticks). Points are circle
 *    markers. The legend is a JSON
 *    list of {label, color, shape?: "point"|"area"} rendered as a
 *    <ul class="ch-map-legend"> after the map. With no features the map shows
 *    England and Wales. Tiles failing to load (offline) only leave the plain
 *    background; the features are still drawn.
 *
 * 3. Progress polling. Every element with `data-ch-poll`:
 *
 *      <div class="ch-poll" data-ch-poll data-ch-poll-url="{% url ... %}">
 *        <progress class="ch-progress" max="100" value="0">0%</progress>
 *        <p class="ch-poll__message" data-ch-poll-message>Starting</p>
 *        <div class="govuk-visually-hidden" role="status" aria-live="polite" data-ch-poll-status></div>
 *      </div>
 *
 *    fetches JSON {percent, message, done, redirect} every 1.5 s
 *    (data-ch-poll-interval in ms to change), updates the <progress>, the
 *    message and the live region (created if missing), and when `done` goes
 *    to `redirect` (same-origin URLs only).
 */

import * as GOVUKFrontend from './govuk-frontend.min.js'
import * as MOJFrontend from './moj-frontend.min.js'

// ---------------------------------------------------------------------------
// GOV.UK Frontend and MOJ Frontend components
// ---------------------------------------------------------------------------

/** Log initialisation errors, except "already initialised" (re-init after HTMX swaps). */
function onComponentError (error) {
  if (error && error.name === 'InitError') return
  console.log(error)
}

function initComponents (scope) {
  // GOV.UK/MOJ search inside the scope only; widen it by one level so a
  // swapped-in element that is itself a data-module component is found.
  if (scope instanceof Element && scope.parentElement) scope = scope.parentElement
  const options = { scope, onError: onComponentError }
  try {
    GOVUKFrontend.initAll(options)
  } catch (error) {
    console.log(error)
  }
  try {
    MOJFrontend.initAll(options)
    // Not part of MOJ's initAll(); both have usable defaults.
    for (const Component of [MOJFrontend.FilterToggleButton, MOJFrontend.MultiFileUpload]) {
      if (Component) GOVUKFrontend.createAll(Component, undefined, options)
    }
  } catch (error) {
    console.log(error)
  }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Elements matching `selector` in `scope`, including `scope` itself. */
function findAll (scope, selector) {
  const found = []
  if (scope instanceof Element && scope.matches(selector)) found.push(scope)
  if (scope && scope.querySelectorAll) found.push(...scope.querySelectorAll(selector))
  return found
}

/** Parse the JSON in <script type="application/json" id="..."> (Django's json_script). */
function readJsonScript (id) {
  if (!id) return null
  const script = document.getElementById(id)
  if (!script) {
    console.warn(`ClearHold: no element with id "${id}"`)
    return null
  }
  try {
    return JSON.parse(script.textContent)
  } catch (error) {
    console.warn(`ClearHold: #${id} does not hold valid JSON`, error)
    return null
  }
}

const initialised = new WeakSet()

// ---------------------------------------------------------------------------
// Maps
// ---------------------------------------------------------------------------

// England and Wales (south-west of the Scillies to north of Berwick, east of Lowestoft)
const ENGLAND_AND_WALES = [[49.86, -6.45], [55.82, 1.77]]
const CLUSTER_THRESHOLD = 500
const CANVAS_THRESHOLD = 2000

const DEFAULT_POINT_STYLE = {
  radius: 6,
  color: '#0b0c0c',
  weight: 1,
  opacity: 1,
  fillColor: '#1d70b8',
  fillOpacity: 0.85
}
const DEFAULT_SHAPE_STYLE = {
  color: '#1d70b8',
  weight: 2,
  opacity: 1,
  fillColor: '#1d70b8',
  fillOpacity: 0.2
}
const STYLE_KEYS = {
  color: 'string',
  fillColor: 'string',
  dashArray: 'string',
  fillOpacity: 'number',
  opacity: 'number',
  weight: 'number',
  radius: 'number'
}

/** Merge the allowed keys of a feature's `style` property over `defaults`. */
function featureStyle (feature, defaults) {
  const style = { ...defaults }
  const own = feature && feature.properties && feature.properties.style
  if (own && typeof own === 'object') {
    for (const [key, type] of Object.entries(STYLE_KEYS)) {
      const value = type === 'number' ? Number(own[key]) : own[key]
      if (type === 'number' ? Number.isFinite(value) && value >= 0 : typeof value === 'string' && value) {
        style[key] = value
      }
    }
  }
  return style
}

/** A feature's `href` property as an absolute URL, if it is on this site; else null. */
function sameOriginHref (feature) {
  const href = feature && feature.properties && feature.properties.href
  if (typeof href !== 'string' || !href) return null
  const target = new URL(href, window.location.href)
  return target.origin === window.location.origin ? target.href : null
}

function textElement (text) {
  const content = document.createElement('div')
  content.textContent = text
  return content
}

function popupText (feature) {
  const popup = feature && feature.properties && feature.properties.popup
  if (popup === undefined || popup === null || popup === '') return null
  return String(popup)
}

/**
 * A shape whose `properties.tick` names a checkbox ticks or unticks it when
 * tapped; the box stays the form's truth (the page works without the map)
 * and the shape is filled while its box is ticked.
 */
function bindTick (feature, layer) {
  const id = feature && feature.properties && feature.properties.tick
  const box = id ? document.getElementById(id) : null
  if (!box || typeof layer.setStyle !== 'function') return
  const show = () => layer.setStyle({ fillOpacity: box.checked ? 0.6 : 0.15 })
  // A real click on the box: it toggles, and GOV.UK's conditional reveal sees it.
  layer.on('click', () => box.click())
  box.addEventListener('change', show)
  show()
}

/** Keep only features Leaflet can draw (drops null geometries etc.). */
function drawableFeatures (data) {
  if (!data) return []
  const features = data.type === 'FeatureCollection' ? data.features : data.type === 'Feature' ? [data] : []
  const drawable = (Array.isArray(features) ? features : []).filter(
    (f) => f && f.type === 'Feature' && f.geometry && f.geometry.type && (f.geometry.coordinates || f.geometry.geometries)
  )
  // Areas and lines first, points last, so points are drawn on top and
  // stay clickable.
  return [...drawable.filter((f) => !isPointFeature(f)), ...drawable.filter(isPointFeature)]
}

function isPointFeature (feature) {
  const type = feature && feature.geometry && feature.geometry.type
  return type === 'Point' || type === 'MultiPoint'
}

function buildLegend (mapElement, items) {
  if (!Array.isArray(items) || !items.length) return
  const id = `${mapElement.id || mapElement.dataset.geojsonId || 'map'}-legend`
  document.getElementById(id)?.remove()
  const list = document.createElement('ul')
  list.className = 'ch-map-legend'
  list.id = id
  for (const item of items) {
    if (!item || item.label === undefined) continue
    const li = document.createElement('li')
    li.className = 'ch-map-legend__item'
    const swatch = document.createElement('span')
    swatch.className = 'ch-map-legend__swatch'
    if (item.shape === 'point') swatch.classList.add('ch-map-legend__swatch--point')
    swatch.setAttribute('aria-hidden', 'true')
    if (typeof item.color === 'string') swatch.style.backgroundColor = item.color
    li.append(swatch, document.createTextNode(String(item.label)))
    list.append(li)
  }
  mapElement.insertAdjacentElement('afterend', list)
  if (!mapElement.hasAttribute('aria-describedby')) mapElement.setAttribute('aria-describedby', id)
}

function initMap (element, fetched) {
  if (initialised.has(element)) return
  const L = window.L
  if (!L || typeof L.map !== 'function') {
    console.warn('ClearHold: Leaflet (window.L) is not loaded; maps are not drawn')
    return
  }
  initialised.add(element)

  const data = fetched === undefined ? readJsonScript(element.dataset.geojsonId) : fetched
  const features = drawableFeatures(data)
  const pointCount = features.filter(isPointFeature).length
  const clusterSetting = (element.dataset.cluster || 'auto').toLowerCase()
  const canCluster = typeof L.markerClusterGroup === 'function'
  const cluster = canCluster && (clusterSetting === 'true' || (clusterSetting === 'auto' && pointCount > CLUSTER_THRESHOLD))
  if (clusterSetting === 'true' && !canCluster) console.warn('ClearHold: leaflet.markercluster is not loaded; points are not clustered')

  // Remove the no-JS fallback content before Leaflet builds its panes.
  element.replaceChildren()

  const map = L.map(element, {
    preferCanvas: features.length > CANVAS_THRESHOLD,
    // needed when there is no tile layer (markercluster requires it)
    maxZoom: 19,
    scrollWheelZoom: element.dataset.scrollZoom === 'true',
    zoomSnap: 0.5
  })

  const tileUrl = (element.dataset.tileUrl || '').trim()
  if (tileUrl) {
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19 })
    const attribution = (element.dataset.tileAttribution || '').trim()
    // Leaflet treats attribution as HTML: pass it escaped, as text.
    if (attribution) tiles.options.attribution = escapeHtml(attribution)
    // Offline or blocked tiles just stay blank (Leaflet hides failed tiles).
    let reported = false
    tiles.on('tileerror', () => {
      if (!reported) console.info('ClearHold: map tiles could not be loaded; showing features only')
      reported = true
    })
    tiles.addTo(map)
  }

  const geoJsonLayer = L.geoJSON(
    { type: 'FeatureCollection', features },
    {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, featureStyle(feature, DEFAULT_POINT_STYLE)),
      // L.geoJSON applies `style` to every layer, circle markers included
      style: (feature) => featureStyle(feature, isPointFeature(feature) ? DEFAULT_POINT_STYLE : DEFAULT_SHAPE_STYLE),
      onEachFeature: (feature, layer) => {
        bindTick(feature, layer)
        const text = popupText(feature)
        const href = sameOriginHref(feature)
        if (href !== null) {
          // A feature that leads somewhere: tapping it goes there; its text is a tooltip.
          layer.on('click', () => window.location.assign(href))
          if (text !== null) layer.bindTooltip(() => textElement(text))
          return
        }
        // Built lazily, set as textContent: never interpreted as HTML.
        if (text !== null) {
          layer.bindPopup(() => {
            const content = document.createElement('div')
            content.textContent = text
            return content
          })
        }
      }
    }
  )

  if (cluster) {
    const group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false })
    const others = L.featureGroup()
    geoJsonLayer.eachLayer((layer) => (layer instanceof L.CircleMarker ? group : others).addLayer(layer))
    others.addTo(map)
    group.addTo(map)
  } else {
    geoJsonLayer.addTo(map)
  }

  let userMoved = false
  const fit = () => {
    const bounds = geoJsonLayer.getBounds()
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16, animate: false })
    } else {
      map.fitBounds(ENGLAND_AND_WALES, { animate: false })
    }
  }
  fit()
  if (!features.length) {
    // Say so, rather than leave an empty rectangle (there may be no tiles).
    const note = document.createElement('p')
    note.className = 'ch-map__message'
    note.textContent = element.dataset.emptyText || 'No locations to show on this map.'
    element.append(note)
  }
  for (const type of ['pointerdown', 'keydown', 'wheel']) {
    element.addEventListener(type, () => { userMoved = true }, { once: true, passive: true })
  }

  // Maps drawn while hidden (tabs, details) or resized need to recompute
  // their size; re-fit until someone has moved the map themselves.
  if ('ResizeObserver' in window) {
    let last = `${element.clientWidth}x${element.clientHeight}`
    new ResizeObserver(() => {
      const size = `${element.clientWidth}x${element.clientHeight}`
      if (size === last || !element.clientWidth || !element.clientHeight) return
      last = size
      map.invalidateSize({ animate: false })
      if (!userMoved) fit()
    }).observe(element)
  }

  buildLegend(element, readJsonScript(element.dataset.legendId))
  initPick(element, map)
  element.chMap = map // for tests and page scripts
}

/**
 * A map that picks a place: with `data-pick-latitude-id` and
 * `data-pick-longitude-id`, a tap or click puts a marker there and writes
 * its coordinates (WGS84, 6 decimals) into those inputs; `data-pick-status-id`
 * names a live region that says so. Existing values show as the marker.
 */
function initPick (element, map) {
  const latitude = document.getElementById(element.dataset.pickLatitudeId || '')
  const longitude = document.getElementById(element.dataset.pickLongitudeId || '')
  if (!latitude || !longitude) return
  const status = document.getElementById(element.dataset.pickStatusId || '')
  let marker = null
  const place = (lat, lng) => {
    if (marker) marker.setLatLng([lat, lng])
    else marker = L.circleMarker([lat, lng], { radius: 9, color: '#d4351c', weight: 3, fillOpacity: 0.6 }).addTo(map)
  }
  if (latitude.value && longitude.value) place(Number(latitude.value), Number(longitude.value))
  map.on('click', (event) => {
    latitude.value = event.latlng.lat.toFixed(6)
    longitude.value = event.latlng.lng.toFixed(6)
    place(event.latlng.lat, event.latlng.lng)
    if (status) status.textContent = 'Place marked on the map.'
  })
  for (const input of [latitude, longitude]) {
    input.addEventListener('change', () => {
      if (latitude.value && longitude.value) place(Number(latitude.value), Number(longitude.value))
    })
  }
}

function escapeHtml (text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])
}

function initMaps (scope) {
  for (const element of findAll(scope, '[data-ch-map]')) {
    const url = (element.dataset.geojsonUrl || '').trim()
    if (url) {
      fetchMapData(url).then((data) => drawMap(element, data))
    } else {
      drawMap(element)
    }
  }
}

function drawMap (element, data) {
  try {
    initMap(element, data)
  } catch (error) {
    console.error('ClearHold: could not draw map', element, error)
  }
}

/** A map's GeoJSON from a same-origin address; null (an empty map) when it fails. */
async function fetchMapData (url) {
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json, application/json' } })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return await response.json()
  } catch (error) {
    console.warn(`ClearHold: could not load the map's features from ${url}`, error)
    return null
  }
}

// ---------------------------------------------------------------------------
// Progress polling
// ---------------------------------------------------------------------------

const MAX_FAILURES = 10

function initPoll (element) {
  if (initialised.has(element)) return
  const url = element.dataset.chPollUrl
  if (!url) return
  initialised.add(element)

  const interval = Math.max(250, Number(element.dataset.chPollInterval) || 1500)
  const progress = element.querySelector('progress')
  const message = element.querySelector('[data-ch-poll-message]')
  let status = element.querySelector('[data-ch-poll-status]')
  if (!status) {
    status = document.createElement('div')
    status.className = 'govuk-visually-hidden'
    status.setAttribute('role', 'status')
    status.setAttribute('aria-live', 'polite')
    status.setAttribute('data-ch-poll-status', '')
    element.append(status)
  }

  let failures = 0
  let lastAnnounced = ''
  let lastBand = -1

  const announce = (text) => {
    if (text && text !== lastAnnounced) {
      status.textContent = text
      lastAnnounced = text
    }
  }

  const update = (data) => {
    const percent = Math.min(100, Math.max(0, Number(data.percent) || 0))
    if (progress) {
      progress.max = 100
      progress.value = percent
      progress.textContent = `${Math.round(percent)}%`
    }
    const text = data.message === undefined || data.message === null ? '' : String(data.message)
    if (message && text) message.textContent = text
    // Announce message changes and every 25%, not every tick.
    const band = Math.floor(percent / 25)
    if (data.done) {
      announce(text ? `Complete. ${text}` : 'Complete')
    } else if (band !== lastBand) {
      announce(`${Math.round(percent)}% complete${text ? `. ${text}` : ''}`)
    } else if (text && !lastAnnounced.endsWith(text)) {
      announce(text)
    }
    lastBand = band
  }

  const tick = async () => {
    if (!element.isConnected) return // swapped out (HTMX) or removed
    let data
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store'
      })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      data = await response.json()
      failures = 0
    } catch (error) {
      failures += 1
      if (failures >= MAX_FAILURES) {
        const text = 'Progress could not be checked. Refresh the page to try again.'
        if (message) message.textContent = text
        announce(text)
        return
      }
      window.setTimeout(tick, interval * Math.min(failures + 1, 5))
      return
    }
    if (!data || typeof data !== 'object') data = {}
    update(data)
    if (data.done) {
      if (typeof data.redirect === 'string' && data.redirect) {
        const target = new URL(data.redirect, window.location.href)
        if (target.origin === window.location.origin) {
          window.location.assign(target.href)
        } else {
          console.warn('ClearHold: ignoring cross-origin redirect', data.redirect)
        }
      }
      return
    }
    window.setTimeout(tick, interval)
  }
  tick()
}

function initPolls (scope) {
  for (const element of findAll(scope, '[data-ch-poll]')) {
    try {
      initPoll(element)
    } catch (error) {
      console.error('ClearHold: could not start progress polling', element, error)
    }
  }
}

// ---------------------------------------------------------------------------
// "Use my location" on the breach form: fills hidden latitude/longitude inputs
// from the phone's location. Without JavaScript or permission the form still
// works: the officer types the place instead.
// ---------------------------------------------------------------------------

function initLocate (element) {
  const button = element.querySelector('button')
  const status = element.querySelector('[data-ch-locate-status]')
  const latitude = document.getElementById(element.dataset.latitudeId)
  const longitude = document.getElementById(element.dataset.longitudeId)
  if (!button || !latitude || !longitude || !('geolocation' in navigator)) return
  button.hidden = false
  button.addEventListener('click', () => {
    if (status) status.textContent = 'Finding your location…'
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(6)
        longitude.value = position.coords.longitude.toFixed(6)
        longitude.dispatchEvent(new Event('change'))
        if (status) status.textContent = `Location recorded (within about ${Math.round(position.coords.accuracy)} m).`
        // data-submit="true": the location is the question (which block am I in?), so ask it.
        const form = element.closest('form')
        if (element.dataset.submit === 'true' && form) form.requestSubmit()
      },
      () => {
        if (status) status.textContent = 'Could not get your location; describe the place instead.'
      },
      { enableHighAccuracy: true, timeout: 10000 }
    )
  })
}

function initLocates (scope) {
  for (const element of findAll(scope, '[data-ch-locate]')) initLocate(element)
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/** Initialise everything inside `scope` (default: the whole document). */
export function initClearHold (scope = document) {
  initComponents(scope)
  initMaps(scope)
  initPolls(scope)
  initLocates(scope)
}

export { initMaps, initPolls }

// Module scripts run after the document is parsed.
initClearHold(document)

// Content added by HTMX (hx-get/hx-post swaps). htmx also fires this for
// <body> on start-up, which we have already initialised.
document.addEventListener('htmx:load', (event) => {
  const elt = event.detail && event.detail.elt
  if (elt && elt !== document.body && elt !== document.documentElement) initClearHold(elt)
})
