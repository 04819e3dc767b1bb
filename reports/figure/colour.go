package figure

import (
	"image/color"
	"math"
)

// painRamp runs from a pale green (no pain) through yellow and orange to a
// deep red (worst pain). Its relative luminance falls at every step, so the
// ramp reads as light-to-dark without colour vision (red–green blindness
// included) and in greyscale print.
var painRamp = [11]color.NRGBA{
	{R: 0xe0, G: 0xf3, B: 0xc6, A: 0xff}, // 0
	{R: 0xea, G: 0xe8, B: 0x88, A: 0xff}, // 1
	{R: 0xf8, G: 0xd6, B: 0x6a, A: 0xff}, // 2
	{R: 0xfb, G: 0xc2, B: 0x50, A: 0xff}, // 3
	{R: 0xfb, G: 0xae, B: 0x44, A: 0xff}, // 4
	{R: 0xf6, G: 0x8c, B: 0x3a, A: 0xff}, // 5
	{R: 0xec, G: 0x6a, B: 0x33, A: 0xff}, // 6
	{R: 0xd4, G: 0x40, B: 0x2c, A: 0xff}, // 7
	{R: 0xbd, G: 0x2a, B: 0x2e, A: 0xff}, // 8
	{R: 0x96, G: 0x16, B: 0x2b, A: 0xff}, // 9
	{R: 0x6b, G: 0x0b, B: 0x25, A: 0xff}, // 10
}

// PainColour is the fill for a pain score on the 0–10 numeric rating scale:
// 0 pale green through yellow and orange to 10 deep red, darker at every
// step. Scores outside 0–10 are clamped.
func PainColour(nrs int) color.NRGBA {
	return painRamp[max(0, min(10, nrs))]
}

// Black and White are the two text colours TextColourOn chooses between.
var (
	Black = color.NRGBA{R: 0x1a, G: 0x1a, B: 0x1a, A: 0xff}
	White = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// TextColourOn is near-black or white, whichever contrasts more with the
// (opaque) background c, by WCAG relative luminance.
func TextColourOn(c color.Color) color.NRGBA {
	l := Luminance(c)
	if (l+0.05)/(Luminance(Black)+0.05) >= (1.05)/(l+0.05) {
		return Black
	}
	return White
}

// Luminance is the WCAG relative luminance of c (0 black … 1 white), alpha ignored.
func Luminance(c color.Color) float64 {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(n.R) + 0.7152*lin(n.G) + 0.0722*lin(n.B)
}

// Contrast is the WCAG contrast ratio between two colours (1 … 21).
func Contrast(a, b color.Color) float64 {
	la, lb := Luminance(a), Luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
