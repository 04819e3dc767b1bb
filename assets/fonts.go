package assets

import _ "embed"

// The document typeface: Noto Sans 2.000 (static TrueType outlines), the same
// files Fyne bundles for the screen, so paper and window use one face. It
// covers Latin (including Polish, Vietnamese, Turkish and the Nordic
// languages), Greek and Cyrillic. Licence: SIL Open Font License 1.1, see
// fonts/OFL.txt; provenance and the coverage check are in fonts/README.md.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	fontRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	fontBold []byte
	//go:embed fonts/NotoSans-Italic.ttf
	fontItalic []byte
	//go:embed fonts/NotoSans-BoldItalic.ttf
	fontBoldItalic []byte

	// FontLicence is the text of the SIL Open Font License that the
	// embedded fonts are distributed under, for an "About" screen.
	//
	//go:embed fonts/OFL.txt
	FontLicence []byte
)

// FontName is the family name of the fonts that Font returns.
const FontName = "Noto Sans"

// FontStyles returns the styles Font knows, in gofpdf's spelling: regular,
// bold, italic and bold italic.
func FontStyles() []string { return []string{"", "B", "I", "BI"} }

// Font returns the TrueType file of the document typeface in the given
// style: "" regular, "B" bold, "I" italic, "BI" (or "IB") bold italic. It
// returns nil for any other style. The slice is shared; do not modify it.
func Font(style string) []byte {
	switch style {
	case "":
		return fontRegular
	case "B":
		return fontBold
	case "I":
		return fontItalic
	case "BI", "IB":
		return fontBoldItalic
	}
	return nil
}
