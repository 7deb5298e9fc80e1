#!/usr/bin/env bash
# Refreshes the vendored design system from the npm registry (nothing is loaded from a CDN):
#   bash static/vendor/refresh.sh
# Pin new versions here, run it, look at the screenshots (python -m bench.screens), commit.
set -euo pipefail
DS_CSS_VERSION=1.22.0        # @digdir/designsystemet-css (MIT): components and the default theme
INTER_VERSION=5.3.0          # @fontsource/inter (SIL OFL 1.1): the theme's typeface, latin + latin-ext
WEIGHTS="400 500 600"

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "@digdir/designsystemet-css@$DS_CSS_VERSION" "@fontsource/inter@$INTER_VERSION" >/dev/null
mkdir ds inter
tar xzf "digdir-designsystemet-css-$DS_CSS_VERSION.tgz" -C ds
tar xzf "fontsource-inter-$INTER_VERSION.tgz" -C inter

out="$here/designsystemet"
rm -rf "$out" && mkdir -p "$out/fonts"
cp ds/package/dist/src/index.css "$out/designsystemet.css"
cp ds/package/dist/theme/designsystemet.css "$out/theme.css"
cp ds/package/LICENSE "$out/LICENSE"
cp inter/package/LICENSE "$out/fonts/LICENSE"
fonts="$out/fonts/inter.css"
printf '/* Inter %s from @fontsource/inter (SIL OFL 1.1), latin and latin-ext only. */\n' \
  "$INTER_VERSION" > "$fonts"
for weight in $WEIGHTS; do
  for subset in latin latin-ext; do
    file="inter-$subset-$weight-normal.woff2"
    cp "inter/package/files/$file" "$out/fonts/"
    # The @font-face rule of this subset and weight, pointing at the local copy, woff2 only.
    awk -v want="/* inter-$subset-$weight-normal */" 'index($0, want) {on=1} on {print} on && /^}/ {exit}' \
      "inter/package/$weight.css" \
      | sed -E "s#src: url\(\./files/([^)]*\.woff2)\) format\('woff2'\).*#src: url(\1) format('woff2');#" \
      >> "$fonts"
  done
done
cat > "$out/VERSION" <<VERSIONS
@digdir/designsystemet-css $DS_CSS_VERSION (MIT) https://github.com/digdir/designsystemet
@fontsource/inter $INTER_VERSION (SIL OFL 1.1) https://github.com/rsms/inter
fetched $(date -u +%Y-%m-%d) by static/vendor/refresh.sh
VERSIONS
echo "Vendored into $out:"
ls -la "$out" "$out/fonts"
