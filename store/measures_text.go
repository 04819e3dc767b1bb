package store

import "fmt"

// The PHQ-9 and GAD-7 are free to reproduce (Pfizer, 2010); their item
// wording is shown with PHQAttribution. The other instruments are licensed:
// only item numbers and short domain labels appear, never their wording.

// PHQ9Stem and GAD7Stem introduce the items.
const (
	PHQ9Stem = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
	GAD7Stem = "Over the last 2 weeks, how often have you been bothered by the following problems?"
)

// FrequencyAnswers are the answers of both PHQ-9 and GAD-7 items, 0 to 3.
var FrequencyAnswers = []string{"Not at all", "Several days", "More than half the days", "Nearly every day"}

// PHQ9Items is the wording of the PHQ-9 items, in order.
var PHQ9Items = []string{
	"Little interest or pleasure in doing things",
	"Feeling down, depressed, or hopeless",
	"Trouble falling or staying asleep, or sleeping too much",
	"Feeling tired or having little energy",
	"Poor appetite or overeating",
	"Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
	"Trouble concentrating on things, such as reading the newspaper or watching television",
	"Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
	"Thoughts that you would be better off dead or of hurting yourself in some way",
}

// GAD7Items is the wording of the GAD-7 items, in order.
var GAD7Items = []string{
	"Feeling nervous, anxious or on edge",
	"Not being able to stop or control worrying",
	"Worrying too much about different things",
	"Trouble relaxing",
	"Being so restless that it is hard to sit still",
	"Becoming easily annoyed or irritable",
	"Feeling afraid as if something awful might happen",
}

// ItemLabel is what an entry form shows beside item n (from 1): the
// wording for the free instruments, a short domain label for the licensed ones.
func (in Instrument) ItemLabel(n int) string {
	switch in.ID {
	case InstrumentPHQ9:
		return fmt.Sprintf("%d. %s", n, PHQ9Items[n-1])
	case InstrumentGAD7:
		return fmt.Sprintf("%d. %s", n, GAD7Items[n-1])
	}
	domain := ""
	for _, d := range itemDomains[in.ID] {
		if n >= d.first && n <= d.last {
			domain = d.name
		}
	}
	if domain == "" {
		return fmt.Sprintf("Item %d", n)
	}
	return fmt.Sprintf("Item %d · %s", n, domain)
}

type itemDomain struct {
	first, last int
	name        string
}

var itemDomains = map[string][]itemDomain{
	InstrumentFSFI:   {{1, 2, "desire"}, {3, 6, "arousal"}, {7, 10, "lubrication"}, {11, 13, "orgasm"}, {14, 16, "satisfaction"}, {17, 19, "pain"}},
	InstrumentPFDI20: {{1, 6, "POPDI-6 (prolapse)"}, {7, 14, "CRADI-8 (colorectal-anal)"}, {15, 20, "UDI-6 (urinary)"}},
	InstrumentPFIQ7:  {{1, 7, "bladder or urine"}, {8, 14, "bowel or rectum"}, {15, 21, "vagina or pelvis"}},
}
