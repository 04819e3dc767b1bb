// Package widgets holds PelvicNotes' custom Fyne widgets: the internal
// trigger-point clock map (ClockMap), the cotton-swab test clock (SwabClock),
// the external body chart (BodyChart), the dilator ladder (DilatorLadder) and
// the outcome trend chart (TrendChart). Their geometry comes from
// reports/figure, which the PDF letter draws from too, so that screen and
// paper agree.
package widgets
