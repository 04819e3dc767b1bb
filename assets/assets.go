// Package assets holds the data PelvicNotes embeds in its binary. It imports
// nothing else of PelvicNotes.
package assets

import _ "embed"

// Icon is the application icon, 512×512 PNG, drawn from icon.svg.
//
//go:embed icon.png
var Icon []byte

// Techniques is the treatment catalogue as JSON: each technique's ID, name,
// the safety tags that drive the rules (internal, electrical, ultrasound,
// laser, biofeedback, strengthening, prolapse-caution), the consent scopes
// that cover it and the settings charted with it. The store reads it.
//
//go:embed techniques.json
var Techniques []byte
