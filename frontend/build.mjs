#!/usr/bin/env node
// Build ClearHold's front-end assets into src/clearhold/web/static/dist/.
//
//   node frontend/build.mjs        # everything (what `npm run build` runs)
//   node frontend/build.mjs css    # only clearhold.css + the image assets
//   node frontend/build.mjs js     # only the JavaScript/Leaflet files
//
// No bundler and no network: Sass is compiled with dart-sass's JS API and
// everything else is copied from node_modules. The output is deterministic
// (same inputs -> byte-identical files). After building, the script checks
// the CSS (no GDS Transport/@font-face/stray /assets/ URLs; every url()
// resolves to a file in the output) and exits non-zero if a check fails.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const NM = join(ROOT, 'node_modules')
const OUT = join(ROOT, 'src', 'clearhold', 'web', 'static', 'dist')
// URL prefix under which OUT is served (Django STATIC_URL + "dist/")
const URL_PREFIX = '/static/dist/'
const ASSETS_URL = `${URL_PREFIX}govuk/assets/`

const GOVUK = join(NM, 'govuk-frontend', 'dist', 'govuk')
const MOJ = join(NM, '@ministryofjustice', 'frontend', 'moj')
const LEAFLET = join(NM, 'leaflet', 'dist')
const CLUSTER = join(NM, 'leaflet.markercluster', 'dist')

const problems = []
const log = (msg) => console.log(`build: ${msg}`)

function copy (from, to) {
  if (!existsSync(from)) throw new Error(`missing input ${relative(ROOT, from)} (run npm ci)`)
  mkdirSync(dirname(to), { recursive: true })
  cpSync(from, to, { recursive: true })
}

// Sass @warn messages raised while GOV.UK/MOJ Frontend compile their own code
// (e.g. MOJ 11 still calls a mixin GOV.UK Frontend 6 deprecated) are not
// actionable here, so they are summarised; warnings reached from our own
// partials are printed in full.
const dependencyWarnings = new Set()
function sassWarning (message, { stack = '' } = {}) {
  const frames = stack.split('\n').map((l) => l.trim()).filter(Boolean)
  const i = frames.findIndex((f) => !f.startsWith('node_modules/'))
  const fromDependency = i > 0 && /root stylesheet$/.test(frames[i]) && /@(use|forward)$/.test(frames[i - 1])
  if (fromDependency) dependencyWarnings.add(message.split('.')[0])
  else console.warn(`WARNING: ${message}\n${stack}`)
}

function buildCss () {
  const started = Date.now()
  const result = sass.compile(join(ROOT, 'frontend', 'scss', 'clearhold.scss'), {
    // repository root: MOJ Frontend loads "node_modules/govuk-frontend/..."
    loadPaths: [ROOT],
    style: 'compressed',
    sourceMap: false,
    charset: true,
    // deprecation warnings from inside govuk-frontend / MOJ are not ours
    quietDeps: true,
    logger: { warn: sassWarning }
  })
  if (dependencyWarnings.size) {
    log(`${dependencyWarnings.size} @warn message(s) raised inside dependencies hidden: ${[...dependencyWarnings].join('; ')}`)
  }
  const css = result.css.replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '')
  mkdirSync(OUT, { recursive: true })
  writeFileSync(join(OUT, 'clearhold.css'), css + '\n')
  log(`clearhold.css ${(css.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`)

  // Images (and the web app manifest) from GOV.UK Frontend. The GDS
  // Transport font files are deliberately NOT copied: we don't use them.
  const assets = join(OUT, 'govuk', 'assets')
  rmSync(assets, { recursive: true, force: true })
  copy(join(GOVUK, 'assets', 'images'), join(assets, 'images'))
  copy(join(GOVUK, 'assets', 'manifest.json'), join(assets, 'manifest.json'))
  // MOJ Frontend passes a single images path to both libraries, so its
  // component icons live alongside GOV.UK's. Refuse to overwrite anything.
  const govukImages = new Set(readdirSync(join(GOVUK, 'assets', 'images')))
  for (const name of readdirSync(join(MOJ, 'assets', 'images'))) {
    if (govukImages.has(name)) problems.push(`MOJ image ${name} would overwrite a GOV.UK image`)
    else copy(join(MOJ, 'assets', 'images', name), join(assets, 'images', name))
  }

  checkCss(css)
}

function checkCss (css) {
  if (/GDS Transport/i.test(css)) problems.push('clearhold.css mentions "GDS Transport"')
  if (/@font-face/i.test(css)) problems.push('clearhold.css contains @font-face')
  if (/sourceMappingURL/.test(css)) problems.push('clearhold.css has a source map reference')
  if (/assets\/fonts/.test(css)) problems.push('clearhold.css references assets/fonts')
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2])
  for (const url of new Set(urls)) {
    if (url.startsWith('data:') || url.startsWith('#')) continue
    if (!url.startsWith(ASSETS_URL)) {
      problems.push(`clearhold.css: url(${url}) is outside ${ASSETS_URL}`)
      continue
    }
    const file = join(OUT, url.slice(URL_PREFIX.length).split(/[?#]/)[0])
    if (!existsSync(file)) problems.push(`clearhold.css: url(${url}) -> missing ${relative(ROOT, file)}`)
  }
  // any other "/assets/" that is not our prefix (e.g. in a custom property)
  const stray = css.replaceAll(ASSETS_URL, '').match(/\/assets\/[^\s"')]*/g)
  if (stray) problems.push(`clearhold.css: stray /assets/ references: ${[...new Set(stray)].join(', ')}`)
  log(`clearhold.css: ${new Set(urls).size} url() references checked`)
}

function buildJs () {
  // GOV.UK Frontend: the self-contained ES module build
  copy(join(GOVUK, 'govuk-frontend.min.js'), join(OUT, 'govuk-frontend.min.js'))
  copy(join(GOVUK, 'govuk-frontend.min.js.map'), join(OUT, 'govuk-frontend.min.js.map'))
  // MOJ Frontend: also a self-contained ES module (exports initAll etc.)
  copy(join(MOJ, 'moj-frontend.min.js'), join(OUT, 'moj-frontend.min.js'))
  copy(join(MOJ, 'moj-frontend.min.js.map'), join(OUT, 'moj-frontend.min.js.map'))
  // Leaflet: classic script defining window.L, its CSS and marker images
  const leaflet = join(OUT, 'leaflet')
  rmSync(leaflet, { recursive: true, force: true })
  for (const f of ['leaflet.js', 'leaflet.js.map', 'leaflet.css']) copy(join(LEAFLET, f), join(leaflet, f))
  copy(join(LEAFLET, 'images'), join(leaflet, 'images'))
  const cluster = join(OUT, 'leaflet.markercluster')
  rmSync(cluster, { recursive: true, force: true })
  for (const f of ['leaflet.markercluster.js', 'leaflet.markercluster.js.map', 'MarkerCluster.css', 'MarkerCluster.Default.css']) {
    copy(join(CLUSTER, f), join(cluster, f))
  }
  // Ours
  copy(join(ROOT, 'frontend', 'js', 'clearhold.mjs'), join(OUT, 'clearhold.mjs'))
  log('JavaScript and Leaflet files copied')
}

const what = process.argv[2] || 'all'
if (!['all', 'css', 'js'].includes(what)) {
  console.error('usage: node frontend/build.mjs [all|css|js]')
  process.exit(2)
}
const started = Date.now()
try {
  if (what === 'all') rmSync(OUT, { recursive: true, force: true })
  if (what !== 'js') buildCss()
  if (what !== 'css') buildJs()
} catch (err) {
  console.error(`build: FAILED: ${err.message || err}`)
  process.exit(1)
}
if (problems.length) {
  for (const p of problems) console.error(`build: CHECK FAILED: ${p}`)
  process.exit(1)
}
log(`done -> ${relative(ROOT, OUT)}/ in ${Date.now() - started} ms`)
