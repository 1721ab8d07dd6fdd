// `npm run build`: compile the Sass and copy the scripts and images into static/build/
// (gitignored; Django's staticfiles serves and collects it). No bundler needed.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'static', 'build')
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk')
const moj = join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj')

rmSync(out, { recursive: true, force: true })
mkdirSync(join(out, 'images'), { recursive: true })

const result = sass.compile(join(root, 'frontend', 'application.scss'), {
  loadPaths: [root],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin', 'slash-div']
})
writeFileSync(join(out, 'application.css'), result.css)

// Scripts: our module and the two self-contained ES module bundles it imports.
cpSync(join(root, 'frontend', 'application.mjs'), join(out, 'application.mjs'))
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'))
cpSync(join(moj, 'moj-frontend.min.js'), join(out, 'moj-frontend.min.js'))

// Every image the CSS refers to, from MOJ Frontend or GOV.UK Frontend (collectstatic's
// hashed storage fails on a missing one). Brand-neutral: GOV.UK's crest (only used by the
// footer's copyright logo, which our footer leaves out) is replaced by an empty image, and
// no GDS Transport font is compiled in or copied.
const emptySvg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
const branded = new Set(['govuk-crest.svg'])
const referenced = new Set(
  [...result.css.matchAll(/url\("?images\/([^")]+)"?\)/g)].map((match) => match[1])
)
for (const name of referenced) {
  const target = join(out, 'images', name)
  if (branded.has(name)) {
    writeFileSync(target, emptySvg)
    continue
  }
  const source = [join(moj, 'assets', 'images', name), join(govuk, 'assets', 'images', name)].find(
    existsSync
  )
  if (!source) throw new Error(`The CSS refers to images/${name}, found in neither package`)
  cpSync(source, target)
}
if (/GDS Transport|url\("?fonts\//.test(result.css)) {
  throw new Error('The CSS still uses the GDS Transport font: check frontend/application.scss')
}
console.log(`Built ${out}: application.css, scripts and ${referenced.size} images`)
