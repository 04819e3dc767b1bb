// Package widgets holds PelvicNotes' custom Fyne widgets: the pelvic clock
// map, the body chart, the dilator ladder and the trend chart. Their geometry
// comes from reports so that screen and paper agree.
package widgets
