// Package assets holds the data PelvicNotes embeds in its binary. It imports
// nothing else of PelvicNotes.
package assets

import _ "embed"

// Icon is the application icon, 512×512 PNG, drawn from icon.svg.
//
//go:embed icon.png
var Icon []byte
