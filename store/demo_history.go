package store

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Synthetic clinical histories for demonstrations, benchmarks and tests.
//
// Every history is built from one patient's own random stream (the seed
// and the patient's position), so the same seed and clock give the same
// histories whatever the number of CPUs, and patients are built in
// parallel. Nothing here names a real person: chaperones and practitioners
// are invented, referrers are left empty.
//
// What is generated, per patient: a referral in a GP's words with coded
// diagnoses (DOMAIN §2), safety flags that fit the presentation
// (pregnancy with a due date, postpartum with the baby's birth date,
// menopause, suspected prolapse, epilepsy, an active implant, recent
// surgery, pelvic radiotherapy), goals in the patient's words with their
// status, 5 to 40 signed sessions over weeks or months, outcome measures,
// and one to four versions of a home programme. Letters are not made: an
// issued Letter keeps the PDF as issued, and there is no letter PDF
// generator yet.
//
// Sessions are made the way the app would let them be signed: every
// technique that would raise a safety warning for the patient on that day
// is dropped (SafetySettings.SessionWarnings), and so is a home exercise
// that would warn (SafetySettings.ProgrammeWarnings). A warning that is
// still open after that is acknowledged, as signing in the app requires.

// DemoPractitionerID stands for the practitioner in generated histories.
// ImportHistories needs a signer on every signed session and cannot know
// who will import; AttributeHistories replaces it with a real ID.
const DemoPractitionerID = "demo-practitioner"

// AttributeHistories attributes everything in hs to the practitioner with
// the given ID: who saw the patient, who signed, who acknowledged a
// warning, who issued a programme, who recorded a measure.
func AttributeHistories(hs []History, practitionerID string) {
	for i := range hs {
		h := &hs[i]
		for j := range h.Sessions {
			s := &h.Sessions[j]
			s.PractitionerID = practitionerID
			if s.Status == StatusSigned {
				s.SignedBy = practitionerID
			}
			for k := range s.Warnings {
				s.Warnings[k].By = practitionerID
			}
		}
		for j := range h.Programmes {
			g := &h.Programmes[j]
			g.IssuedBy = practitionerID
			for k := range g.Warnings {
				g.Warnings[k].By = practitionerID
			}
		}
		for j := range h.Measures {
			h.Measures[j].RecordedBy = practitionerID
		}
	}
}

// DemoHistories makes n synthetic patients with complete, clinically
// plausible histories, the same for the same seed and clock. Demographics
// come from DemoPatients; the clinic's settings supply the dilator set, its
// progression rule, the swab sites, the muscle pick-list and the body chart.
// Every record passes the validation ImportHistories applies. Sessions are
// attributed to DemoPractitionerID: see AttributeHistories.
func DemoHistories(n int, seed uint64, now time.Time, cs ClinicSettings) []History {
	if n <= 0 {
		return nil
	}
	g := newDemoGen(n, seed, now, cs)
	patients := DemoPatients(n, seed, g.today)
	out := make([]History, n)
	workers := runtime.GOMAXPROCS(0)
	if n < 64 || workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				out[i] = g.history(i, patients[i])
			}
		}(w)
	}
	wg.Wait()
	return out
}

// --- Presentations ---------------------------------------------------------

type demoKind int

const (
	demoPVD demoKind = iota
	demoVaginismus
	demoPostpartum
	demoGSM
	demoEndo
	demoVulvodynia
	demoRadiotherapy
	demoMale
	demoKinds
)

// demoPres is what a presentation brings: the referral, the pain pattern,
// the examination findings and the treatment that go with it.
type demoPres struct {
	name      string // in an assessment: "provoked vestibulodynia"
	location  string
	provoked  string
	reasons   []string // the GP's words; {dur} and {months} are filled in
	diagnoses [][]Diagnosis
	goals     []string
	history   []string // the first subjective, {dur}
	skin      []string // observation at the initial assessment
	milestone string   // said once progress is good
	// Pain on penetration (or the main pain for men) at the start, and the
	// pain at rest as a fraction of it.
	painLo, painHi int
	restFrac       float64
	superficial    float64 // share of trigger points in the superficial layer
	swab           bool
	dilatorPct     int  // chance of a dilator programme
	startTone      Tone // tone at the first internal examination
	body           []string
	sexActivePct   int
	pelvicOrgan    bool // PFDI-20 and PFIQ-7 belong here
	electricPain   bool // TENS for pain is an option
	scarTherapy    bool // ultrasound or laser over a scar is an option
	strengthen     bool // strengthening is part of the plan once tone allows
	internalDelay  int  // sessions of external work only before the first internal examination
	internalScope  ConsentScope
	painWord       string // "pain on penetration" or "pain"
	restTexts      []string
	flareCauses    []string
	examObsFollow  []string
	plans          []string // presentation-specific plan lines
}

var demoPresentations = [demoKinds]demoPres{
	demoPVD: {
		name: "provoked vestibulodynia", location: LocationEntry, provoked: Provoked,
		reasons: []string{
			"Superficial dyspareunia for {dur}, sore on tampon insertion; please assess and treat.",
			"{dur} of burning at the vaginal entrance with intercourse. Swabs negative, no better with clotrimazole. ?Vestibulodynia. Grateful for pelvic floor physiotherapy.",
			"Painful sex for {dur}, pain localised to the vestibule on examination. STI screen negative. Please see and treat.",
			"Entry dyspareunia, {dur}. Cotton bud test positive in surgery. Lidocaine gel has helped a little. Please assess.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Vulvar vestibulitis (provoked vestibulodynia)", System: SystemSNOMED, Code: "30833006"}, {Text: "Dyspareunia", System: SystemICD10, Code: "N94.1"}},
			{{Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"}, {Text: "Provoked vestibulodynia"}},
			{{Text: "Vulvodynia, provoked", System: SystemSNOMED, Code: "238968009"}, {Text: "Sexual pain-penetration disorder", System: SystemICD11, Code: "HA20"}},
		},
		goals: []string{
			"to use a tampon without pain", "to have sex with my partner without dreading it", "to have a smear test",
			"to wear jeans without burning afterwards", "to ride my bike again", "to enjoy being intimate instead of avoiding it",
		},
		history: []string{
			"{dur} of burning and rawness at the entrance with penetration; fine at rest. Pain started after a run of thrush and has not settled despite treatment. Stings for a few hours after sex. Avoids tampons.",
			"Sharp, cutting pain at the entrance on penetration for {dur}, 'like a paper cut'. Sore after intercourse until the next day. Tampons uncomfortable, so uses pads. Partner understanding but she feels guilty.",
			"Entry pain for {dur}, with tampons and with sex. Now avoids intimacy and feels tense at the thought of it. No pain with sitting.",
		},
		skin: []string{
			"Vulval skin healthy; erythema of the vestibule at 5 to 7 o'clock, no fissuring.",
			"Vestibule mildly erythematous posteriorly; no skin changes to suggest lichen sclerosus.",
			"Skin intact and healthy; tender to light touch at the posterior vestibule.",
		},
		milestone: "Used a tampon through her last period with only mild discomfort.",
		painLo:    6, painHi: 9, restFrac: 0.12, superficial: 0.65, swab: true, dilatorPct: 70,
		startTone: ToneOveractive, body: []string{"Adductors", "Pubic symphysis"}, sexActivePct: 85,
		electricPain: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"no pain at rest", "comfortable at rest", "only aware of the area after sitting for long"},
		flareCauses: []string{"a bout of thrush", "a long weekend of cycling", "a stressful week at work", "trying intercourse before she felt ready"},
		examObsFollow: []string{
			"Vestibule less erythematous than at the initial assessment.",
			"Skin healthy; mild erythema at 6 o'clock only.",
		},
		plans: []string{
			"Continue vestibular self-massage with an emollient once a day.",
			"Advised plain water-based lubricant and to avoid perfumed washes.",
			"Discussed non-penetrative intimacy while the pain settles.",
		},
	},
	demoVaginismus: {
		name: "vaginismus", location: LocationEntry, provoked: Provoked,
		reasons: []string{
			"Unable to have penetrative intercourse for {dur}. Could not tolerate a speculum; smear overdue. ?Vaginismus. Please assess and treat.",
			"Primary vaginismus. Has never managed a tampon. Keen to start a family. Please see.",
			"Pain and tightening with any attempt at penetration for {dur}. Distressed about this. Please assess for pelvic floor physiotherapy.",
			"Secondary vaginismus after a painful examination {dur} ago. Now unable to have intercourse. Please assess.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Vaginismus", System: SystemICD10, Code: "N94.2"}, {Text: "Sexual pain-penetration disorder", System: SystemICD11, Code: "HA20"}},
			{{Text: "Vaginismus", System: SystemICD10, Code: "N94.2"}},
			{{Text: "Genito-pelvic pain/penetration disorder", System: SystemICD11, Code: "HA20"}, {Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"}},
		},
		goals: []string{
			"to put a tampon in", "to have a smear test", "to have penetrative sex with my partner",
			"to try for a baby", "to get through a gynae examination without panicking", "to feel in control of my own body",
		},
		history: []string{
			"Has never managed to insert a tampon or a finger; 'it feels like hitting a wall'. Attempts at intercourse over {dur} stopped because of burning and tightening. Anxious about examinations since a smear attempt was abandoned.",
			"Intercourse was possible until {dur} ago; since a painful examination, any attempt brings tightening and fear. Now avoids intimacy altogether. Very motivated, partner supportive.",
			"Long-standing difficulty with penetration ({dur}). Manages external touch comfortably. Describes dreading any attempt and holding her breath.",
		},
		skin: []string{
			"Vulval skin healthy. Marked guarding and withdrawal on approach to the introitus.",
			"No skin changes. Adductor guarding and breath-holding as the introitus is approached.",
		},
		milestone: "Had a smear test at the GP surgery with the small speculum: uncomfortable but completed.",
		painLo:    7, painHi: 10, restFrac: 0.04, superficial: 0.6, dilatorPct: 95,
		startTone: ToneOveractive, body: []string{"Adductors"}, sexActivePct: 35,
		internalDelay: 2, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"no pain at rest", "no pain unless penetration is attempted"},
		flareCauses: []string{"a difficult conversation about fertility plans", "a stressful house move", "trying to go up a size too quickly"},
		examObsFollow: []string{
			"Much less guarding on approach; able to keep breathing throughout.",
			"Brief guarding at first contact, settling with breath.",
		},
		plans: []string{
			"Continue graded exposure at her own pace; she leads every step.",
			"Suggested psychosexual therapy alongside physiotherapy; information given.",
			"Practise the insertion routine with her partner present if she wishes.",
		},
	},
	demoPostpartum: {
		name: "postpartum dyspareunia with a tender perineal scar", location: LocationEntry, provoked: Provoked,
		reasons: []string{
			"Dyspareunia since vaginal delivery {months} months ago (second-degree tear). Scar healed on inspection. Please assess and treat.",
			"Painful intercourse since the birth of her baby {months} months ago, forceps delivery with episiotomy. Also some urgency. Please see.",
			"Postnatal, {months} months: pain on penetration at the perineum and some leakage on coughing. Please assess pelvic floor.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"}, {Text: "Tender perineal scar after second-degree tear"}},
			{{Text: "Postpartum dyspareunia", System: SystemICD10, Code: "N94.1"}},
		},
		goals: []string{
			"to have sex without pain since the baby", "to stop leaking when I run or jump", "to get back to running",
			"to feel confident in my body again", "to pick up my toddler without a heavy feeling",
		},
		history: []string{
			"Vaginal delivery {months} months ago with a second-degree tear, sutured. Intercourse resumed but sharp pain at the scar on entry and a pulling sensation. Leaks a little with coughing and sneezing. Breastfeeding.",
			"Forceps delivery with episiotomy {months} months ago. Tried intercourse twice; sharp pain at the bottom of the entrance. Feels 'different down there'. Occasional urgency, no faecal symptoms.",
			"Baby born {months} months ago after a long second stage. Pain at the perineum with penetration, better with lubricant. Some heaviness at the end of the day.",
		},
		skin: []string{
			"Perineal scar well healed, tender at 6 o'clock and tethered to the left.",
			"Episiotomy scar healed, thickened and tender on the right at 7 o'clock.",
			"Scar intact; posterior fourchette tender; tissues dry (breastfeeding).",
		},
		milestone: "Intercourse twice this month with only mild discomfort at the scar.",
		painLo:    5, painHi: 8, restFrac: 0.1, superficial: 0.7, dilatorPct: 35,
		startTone: ToneNormal, body: []string{"Pubic symphysis", "Sacroiliac joints", "Abdominals"}, sexActivePct: 90,
		pelvicOrgan: true, scarTherapy: true, strengthen: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"no pain at rest", "aware of the scar when sitting for long"},
		flareCauses: []string{"broken nights with the baby teething", "returning to work", "a long car journey"},
		examObsFollow: []string{
			"Scar more mobile; less tender at 6 o'clock.",
			"Scar tissue softer and less tethered.",
		},
		plans: []string{
			"Continue scar massage with an unperfumed oil three times a week.",
			"Progress pelvic-floor strengthening: longer holds and quick contractions.",
			"Advised water-based lubricant while breastfeeding.",
		},
	},
	demoGSM: {
		name: "genitourinary syndrome of menopause", location: LocationEntry, provoked: Provoked,
		reasons: []string{
			"Post-menopausal dryness and superficial dyspareunia. Started vaginal oestrogen {dur} ago, partial improvement. Please assess.",
			"Genitourinary syndrome of menopause. Soreness and splitting with intercourse, urinary frequency with negative cultures. Please see.",
			"Vaginal dryness and pain with sex since menopause. Unable to use vaginal oestrogen (breast cancer on letrozole). Please assess and advise.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Genitourinary syndrome of menopause"}, {Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"}},
			{{Text: "Dyspareunia", System: SystemICD10, Code: "N94.1"}, {Text: "Atrophic vaginitis"}},
		},
		goals: []string{
			"to have sex with my partner without it feeling raw", "to go for a long walk without soreness",
			"to have a smear test without bleeding", "to stop worrying about every twinge", "to enjoy intimacy again",
		},
		history: []string{
			"Periods stopped some years ago. Dryness and rawness for {dur}; intercourse painful at the entrance and she sometimes splits and spots afterwards. Uses a moisturiser occasionally. Passing urine more often.",
			"Menopause a few years ago. Pain on penetration for {dur}, 'like sandpaper'. Has tried a lubricant from the chemist with some help. Hot flushes still troublesome.",
			"Dyspareunia for {dur}, with burning after intercourse and when wiping. Vaginal oestrogen started recently; not yet noticed a difference.",
		},
		skin: []string{
			"Pale, thin vulvovaginal tissue with reduced rugae; introitus narrowed.",
			"Tissues pale and dry; small fissure at the posterior fourchette.",
			"Atrophic changes; tender to light touch at the introitus.",
		},
		milestone: "Intercourse without splitting for the first time in months, using a moisturiser and lubricant.",
		painLo:    5, painHi: 8, restFrac: 0.2, superficial: 0.5, swab: true, dilatorPct: 45,
		startTone: ToneNormal, body: []string{"Adductors", "Sacroiliac joints"}, sexActivePct: 65,
		pelvicOrgan: true, strengthen: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"mild soreness at rest", "dry and aware of the area by the evening"},
		flareCauses: []string{"a urinary infection treated by her GP", "stopping her vaginal oestrogen for a fortnight", "a long-haul flight"},
		examObsFollow: []string{
			"Tissues better moisturised; no fissuring.",
			"Introitus less tender; tissues a healthier colour.",
		},
		plans: []string{
			"Continue the vaginal moisturiser three times a week, with lubricant for intercourse.",
			"Liaise with GP about local oestrogen; she is happy for us to write.",
			"Gentle pelvic-floor strengthening now that she relaxes fully.",
		},
	},
	demoEndo: {
		name: "deep dyspareunia with endometriosis", location: LocationDeep, provoked: ProvokedBoth,
		reasons: []string{
			"Deep dyspareunia with known endometriosis (laparoscopic excision {ago} ago). Ongoing pelvic pain. Please assess pelvic floor.",
			"Deep pain with intercourse and painful periods for {dur}; ultrasound suggests endometriosis, awaiting gynaecology. Please assess and treat in the meantime.",
			"Endometriosis, on continuous pill. Deep dyspareunia and pain after sex lasting a day. Please assess.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Deep dyspareunia", System: SystemICD10, Code: "N94.1"}, {Text: "Endometriosis"}},
			{{Text: "Dyspareunia", System: SystemSNOMED, Code: "71315007"}, {Text: "Endometriosis (suspected on ultrasound)"}},
		},
		goals: []string{
			"to have sex without deep pain afterwards", "to get through a working day without lying down",
			"to sit through a film without shifting", "to go back to the gym", "to have sex without being wiped out the next day",
		},
		history: []string{
			"Deep, aching pain with thrusting for {dur}, lasting into the next day. Painful periods since her teens. Lower abdominal and low back ache most days, worse before her period. Bowels sometimes painful to open around her period.",
			"{dur} of deep pain with intercourse, 'like being punched inside'. Background pelvic ache 3 to 4 out of 10, with flares. Finds it hard to sit through meetings.",
			"Diagnosed with endometriosis; deep dyspareunia for {dur}. Now avoids positions with deep penetration. Pain after intercourse lasts hours. Tired and low with it.",
		},
		skin: []string{
			"Vulval skin healthy; no pain at the introitus.",
			"External observation normal; abdominal wall tender in both iliac fossae.",
		},
		milestone: "Intercourse without pain the following day for the first time in a year.",
		painLo:    6, painHi: 9, restFrac: 0.45, superficial: 0.25, dilatorPct: 10,
		startTone: ToneOveractive, body: []string{"Abdominals", "Iliopsoas", "Adductors", "Quadratus lumborum", "Gluteals"}, sexActivePct: 85,
		electricPain: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"a background pelvic ache", "ache low in the pelvis most days", "background pain, worse before her period"},
		flareCauses: []string{"a heavy period", "a busy week with long days sitting", "a run of poor sleep"},
		examObsFollow: []string{
			"Abdominal wall less tender.",
			"Less guarding on deep palpation.",
		},
		plans: []string{
			"Heat and pacing for flare days; keep moving gently.",
			"Positions with less deep penetration discussed; partner involved.",
			"Gynaecology follow-up as planned; we will share notes.",
		},
	},
	demoVulvodynia: {
		name: "unprovoked vulvodynia", location: LocationBoth, provoked: ProvokedBoth,
		reasons: []string{
			"Unprovoked vulval burning for {dur}, worse with sitting and tight clothes. Dermatology: no skin condition found. Started amitriptyline. Please assess.",
			"Vulvodynia. Constant rawness and pain with intercourse. Tried several creams. Please see for pelvic floor physiotherapy.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Vulvodynia", System: SystemSNOMED, Code: "238968009"}},
			{{Text: "Vulvodynia", System: SystemSNOMED, Code: "238968009"}, {Text: "Dyspareunia", System: SystemICD10, Code: "N94.1"}},
		},
		goals: []string{
			"to sit at work all day without burning", "to wear jeans again", "to have sex without dreading it",
			"to sleep without waking from the burning", "to go swimming",
		},
		history: []string{
			"Constant burning and rawness of the vulva for {dur}, worse by the evening and after sitting. Intercourse painful at the entrance and deeper. Has stopped wearing trousers. Amitriptyline started by GP.",
			"{dur} of vulval burning that comes and goes without a trigger, plus pain with sex. Creams made it worse. Sleep disturbed.",
		},
		skin: []string{
			"Vulval skin healthy; allodynia to light touch across the vestibule.",
			"No skin changes; diffuse tenderness of the vulva to cotton-bud touch.",
		},
		milestone: "Sat through a full working day last week without the burning building up.",
		painLo:    6, painHi: 9, restFrac: 0.55, superficial: 0.55, swab: true, dilatorPct: 30,
		startTone: ToneOveractive, body: []string{"Adductors", "Gluteals", "Piriformis"}, sexActivePct: 70,
		electricPain: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"burning at rest", "background burning, worse in the evening"},
		flareCauses: []string{"a long drive", "tight clothes for a wedding", "a stressful family event"},
		examObsFollow: []string{
			"Less allodynia across the vestibule.",
			"Touch tolerated across the vulva with mild burning only.",
		},
		plans: []string{
			"Cotton underwear, no perfumed products, cool gel pack wrapped in a cloth for flares.",
			"Continue amitriptyline as prescribed by her GP.",
			"Mindfulness audio from the clinic's list, ten minutes a day.",
		},
	},
	demoRadiotherapy: {
		name: "vaginal stenosis after pelvic radiotherapy", location: LocationBoth, provoked: Provoked,
		reasons: []string{
			"Completed pelvic chemoradiotherapy for cervical cancer {ago} ago. Vaginal tightening and pain; oncology advise dilator therapy. Please assess and teach.",
			"Pelvic radiotherapy for endometrial cancer, finished {ago} ago. Vaginal stenosis; finding dilators painful. Please support.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Vaginal stenosis after pelvic radiotherapy"}, {Text: "Dyspareunia", System: SystemICD10, Code: "N94.1"}},
		},
		goals: []string{
			"to manage my dilator without dreading it", "to have my follow-up examinations without pain",
			"to be intimate with my partner again", "to feel like myself after treatment",
		},
		history: []string{
			"Finished pelvic radiotherapy {ago} ago. Given dilators by the oncology team but finds them painful and has stopped. Follow-up examinations very uncomfortable. Dry, with some spotting after attempts.",
			"Radiotherapy completed {ago} ago. Vagina feels shorter and tight; intercourse not attempted since. Anxious about her next check-up examination.",
		},
		skin: []string{
			"Pale, fragile tissue with fine vessels; vaginal canal narrowed.",
			"Tissues dry and pale; narrowing at the upper vagina.",
		},
		milestone: "Follow-up examination with the oncology team completed with only mild discomfort.",
		painLo:    5, painHi: 8, restFrac: 0.1, superficial: 0.4, dilatorPct: 100,
		startTone: ToneOveractive, body: []string{"Abdominals"}, sexActivePct: 50,
		strengthen: true, internalScope: ScopeVaginal, painWord: "pain on penetration",
		restTexts:   []string{"no pain at rest", "dry and a little sore by the evening"},
		flareCauses: []string{"a urinary infection", "a week away without her dilators", "anxiety before a scan"},
		examObsFollow: []string{
			"Canal more elastic; tissues less fragile.",
			"Less narrowing; no bleeding on examination.",
		},
		plans: []string{
			"Dilator practice little and often: a few minutes, twice a week at first, building up.",
			"Liaise with the oncology team; they are happy for the dilator work to continue.",
			"Vaginal moisturiser twice a week.",
		},
	},
	demoMale: {
		name: "chronic pelvic pain syndrome", painWord: "pain",
		reasons: []string{
			"{dur} of perineal and penile pain, worse with sitting and after ejaculation. Urology: prostate normal, urine cultures negative. ?Chronic pelvic pain syndrome. Please assess pelvic floor.",
			"Chronic prostatitis/chronic pelvic pain syndrome. Pain on ejaculation and urinary frequency. Antibiotics no help. Please assess and treat.",
		},
		diagnoses: [][]Diagnosis{
			{{Text: "Chronic pelvic pain syndrome"}},
			{{Text: "Chronic pelvic pain syndrome"}, {Text: "Pain on ejaculation"}},
		},
		goals: []string{
			"to sit at my desk for a full day", "to ejaculate without pain afterwards", "to cycle to work again",
			"to sleep without the ache waking me", "to stop planning my day around the toilet",
		},
		history: []string{
			"Perineal ache for {dur}, worse with sitting and for hours after ejaculation. Urinary frequency and a feeling of incomplete emptying. Several courses of antibiotics without change.",
			"{dur} of pain at the base of the penis and the perineum, worse when sitting on hard chairs and after cycling. Stopped cycling to work. Poor sleep; worried something has been missed.",
		},
		skin: []string{
			"No abnormality on observation of the perineum; tender to palpation at the perineal body.",
			"Perineum normal to inspection; tender medial to both ischial tuberosities.",
		},
		milestone: "Cycled to work twice this week with only mild aching afterwards.",
		painLo:    5, painHi: 8, restFrac: 1, superficial: 0.2,
		startTone: ToneOveractive, body: []string{"Adductors", "Abdominals", "Gluteals", "Pubic symphysis"},
		electricPain: true, internalDelay: 1, internalScope: ScopeRectal,
		restTexts:   []string{"perineal ache", "ache at the perineum"},
		flareCauses: []string{"a long drive", "a week of deadlines", "a cold with a lot of coughing"},
		examObsFollow: []string{
			"Perineal body less tender.",
			"Able to relax the pelvic floor more fully after a contraction.",
		},
		plans: []string{
			"Cushion with a cut-out for sitting at work; stand up every half hour.",
			"Warm bath or heat pack in the evening for the ache.",
			"Gradual return to cycling with a split saddle.",
		},
	},
}

// --- Static text -----------------------------------------------------------

var (
	demoDurations = []string{
		"6 months", "8 months", "a year", "18 months", "2 years", "3 years", "several years", "more than 5 years",
	}
	demoChaperones = []string{
		"Bethany Kerr", "Joanne Pike", "Marcus Ellery", "Priti Solanki", "Gwen Arkwright", "Tessa Rowntree", "Nia Caddick", "Dev Rana",
	}
	demoChaperoneRoles = []string{"clinic nurse", "healthcare assistant"}
	demoImplants       = []string{"sacral nerve stimulator", "spinal cord stimulator", "cochlear implant", "pacemaker"}
	demoContexts       = []string{
		"Busy fortnight at work.", "Away on holiday for a week since the last session.", "Started a new job.",
		"Sleeping better.", "Partner supportive; they have talked about the plan together.", "Feels more hopeful.",
		"Low mood this week; talked it through with the GP.", "Exams coming up, so less time for practice.",
		"Has joined an online support group.", "Back to swimming once a week.",
	}
	demoAdherence = []string{
		"Doing the breathing and pelvic drops most days.", "Home programme 3 to 4 times a week.",
		"Found it hard to make time for the exercises.", "Manages the routine every evening before bed.",
		"Keeps a diary of the exercises and pain scores.", "Missed a few days but back into the routine.",
	}
	demoConsentNotes = []string{
		"Procedure, purpose and alternatives explained; questions answered; patient agreed and knows she can stop at any time.",
		"Explained the examination and treatment; she agreed and chose to go ahead today.",
		"Consent discussed again before internal work; agreed, with a signal agreed to pause.",
	}
	demoWithdrawNotes = []string{
		"Became distressed during the internal assessment and asked to stop. Stopped straight away; no internal findings charted. Finished with external work and education.",
		"Asked to stop once the internal examination started: felt panicky. Stopped at once and talked it through; continued with external work only.",
		"Consent withdrawn early in the internal part: too sore today after a flare. Stopped, reassured, and moved to external treatment.",
	}
	demoToneNotesOver = []string{
		"Guarding on approach to the introitus; relaxes partly with the out-breath.",
		"Difficulty relaxing after a contraction; drops only slightly with cueing.",
		"Raised resting tone, more on the left.",
		"Resting tone high; slow, incomplete relaxation.",
	}
	demoToneNotesNormal = []string{
		"Relaxes fully after a contraction.",
		"Resting tone normal; good relaxation with the breath.",
		"Able to lengthen on the in-breath without cueing.",
	}
	demoToneNotesUnder = []string{
		"Low resting tone; weak lift.",
		"Contraction weak with poor hold; no guarding.",
	}
	demoTPNotes = []string{
		"reproduces her familiar pain", "taut band, eases with sustained pressure", "refers to the clitoris",
		"refers to the inner thigh", "refers to the sacrum", "tender, no referral",
	}
	demoDilatorNotes = []string{
		"Inserted with water-based lubricant after three slow breaths.",
		"Burning at entry settled after two minutes of stillness.",
		"Inserted comfortably; gentle rotation tolerated.",
		"Went in easily; practised moving it in and out.",
		"Needed a few attempts; paused and breathed, then managed.",
	}
	demoThrush = "Thrush diagnosed by the GP last week, now treated but still itchy; internal work deferred today."
)

// demoExerciseIDs maps the demonstration's names for home exercises to the
// embedded library's IDs; the items come from the library itself, in the
// patient's sheet language.
var demoExerciseIDs = map[string]string{
	"child-pose": "childs-pose", "deep-squat": "supported-squat", "progressive-relaxation": "progressive-muscle-relaxation",
	"vestibular-massage": "perineal-self-massage", "scar-massage": "perineal-self-massage",
	"home-biofeedback": "portable-biofeedback", "home-tens": "home-e-stim",
}

// demoSpanishFlarePlan is the flare-up plan of patients whose sheet is in Spanish.
const demoSpanishFlarePlan = "Si el dolor empeora: vuelva a la respiración y a la relajación del suelo pélvico dos veces al día y deje los estiramientos un par de días. Si usa dilatadores, vuelva a un tamaño menor unos días. Llame a la clínica si no ha mejorado en dos semanas, o enseguida si tiene sangrado, un flujo extraño o fiebre."

// demoFirstName is the name a demonstration sheet addresses the patient by:
// the given name as the demonstration composed it (all of "María José"; the
// last part of a Vietnamese name written family name first, as "Lan" of
// "Lê Thị Lan" is addressed).
func demoFirstName(name string) string {
	for _, c := range demoCultures {
		for _, given := range append(slices.Clone(c.women), c.men...) {
			switch {
			case c.familyFirst && strings.HasSuffix(name, " "+given):
				words := strings.Fields(given)
				return words[len(words)-1]
			case !c.familyFirst && strings.HasPrefix(name, given+" "):
				return given
			}
		}
	}
	return FirstNameOf(name)
}

// demoSheetLanguage is Spanish for the patients with Spanish names, else English.
func demoSheetLanguage(name string) string {
	for _, c := range demoCultures {
		if !slices.Contains(c.women, "María José") {
			continue
		}
		for _, given := range append(slices.Clone(c.women), c.men...) {
			if strings.HasPrefix(name, given+" ") {
				return LanguageSpanish
			}
		}
	}
	return LanguageEnglish
}

var demoFlarePlans = []string{
	"If the pain flares: go back to the breathing and pelvic drops twice a day and leave out the stretches for a couple of days. Drop back one dilator size for a few days if you use one. A cool pack wrapped in a cloth can help. Contact the clinic if it has not settled within two weeks, or straight away if you notice bleeding, unusual discharge or a fever.",
	"Flares happen and do not mean you are back to the start. Use your breathing, rest, and a warm (not hot) heat pack. Keep gentle movement going. Note what might have set it off in your diary. Call the clinic if it lasts more than ten days.",
	"During a flare: shorter, gentler practice rather than none. Breathing and body scan every day; stretches only if comfortable. Pain relief as advised by your GP. Ring us to bring your appointment forward if you are worried.",
}

// --- The generator ---------------------------------------------------------

// demoSite is a trigger-point position the clinic's pick-list offers.
type demoSite struct {
	hour   int
	layer  string
	side   string
	muscle string
}

type demoGen struct {
	seed   uint64
	now    time.Time
	loc    *time.Location
	today  Date
	cs     ClinicSettings
	sites  [2][]demoSite // superficial, deep
	body   [demoKinds][]string
	item9  map[int]bool
	steps  int // dilator progression: sessions
	maxDil int // dilator progression: highest pain
}

func newDemoGen(n int, seed uint64, now time.Time, cs ClinicSettings) *demoGen {
	g := &demoGen{seed: seed, now: now, loc: now.Location(), today: DateOf(now), cs: cs,
		steps: cs.DilatorProgression.Sessions, maxDil: cs.DilatorProgression.MaxPain}
	if g.steps < 1 {
		g.steps = 3
	}
	// Trigger-point positions from the clinic's muscle table: each muscle
	// at each of its hours. The side is the patient's own: with the pubic
	// symphysis at 12 and the examiner facing the patient, 1 to 5 o'clock
	// lie on her left and 7 to 11 on her right.
	seen := map[[2]int]bool{}
	for _, m := range cs.Muscles {
		li := 0
		if m.Layer == LayerDeep {
			li = 1
		} else if m.Layer != LayerSuperficial {
			continue
		}
		for _, h := range m.Hours {
			if h < 1 || h > 12 || seen[[2]int{h, li}] {
				continue
			}
			seen[[2]int{h, li}] = true
			g.sites[li] = append(g.sites[li], demoSite{hour: h, layer: m.Layer, side: demoSide(h), muscle: m.Name})
		}
	}
	for li, layer := range Layers {
		if len(g.sites[li]) == 0 {
			for _, h := range []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11} {
				g.sites[li] = append(g.sites[li], demoSite{hour: h, layer: layer, side: demoSide(h)})
			}
		}
	}
	// Body-chart sites: the presentation's usual ones, as the clinic spells
	// them, or the clinic's own list when it has none of them.
	for k := range demoPresentations {
		for _, want := range demoPresentations[k].body {
			for _, s := range cs.BodyChartSites {
				if strings.EqualFold(strings.TrimSpace(s), want) {
					g.body[k] = append(g.body[k], s)
				}
			}
		}
		if len(g.body[k]) == 0 {
			g.body[k] = cs.BodyChartSites
		}
	}
	// PHQ-9 item 9 above 0 is rare but real: one or two patients in a large
	// demonstration, none in a small one.
	g.item9 = map[int]bool{}
	if n >= 100 {
		r := rand.New(rand.NewPCG(seed^0x1f3a5c7e9b2d4f60, 9))
		g.item9[r.IntN(n)] = true
		if n >= 1000 {
			g.item9[r.IntN(n)] = true
		}
	}
	return g
}

func demoSide(hour int) string {
	switch {
	case hour >= 1 && hour <= 5:
		return SideLeft
	case hour >= 7 && hour <= 11:
		return SideRight
	}
	return SideMidline
}

// demoTP is one of a patient's trigger points, followed over the sessions.
type demoTP struct {
	site     demoSite
	nrs      float64
	resolve  float64 // progress at which it is no longer found
	referral bool
	note     string
}

type demoBody struct {
	site    string
	side    string
	nrs     float64
	resolve float64
}

// demoPatient is the plan of one patient's care.
type demoPatient struct {
	g    *demoGen
	r    *rand.Rand
	p    *Patient
	kind demoKind
	pres *demoPres
	male bool

	n          int
	dates      []Date
	times      []time.Time
	kinds      []SessionKind
	discharged bool

	baseline, final, k float64
	flare              []bool
	toneNormalAt       float64 // progress at which tone becomes normal; > 1 never
	internalFrom       int
	dilator            bool
	dilatorFrom        int
	dilatorStart       int
	sexActive          bool
	usesTampons        bool
	tps                []demoTP
	body               []demoBody
	phq, gad           float64
	item9              bool
	chaperone          bool // accepts a chaperone
	chapName, chapRole string
	pcs                bool
	eligibleStim       bool
	eligibleLaser      bool
	eligibleBio        bool
	eligibleUS         bool
	progAt             []int // sessions at which a programme version is issued
	dur                string
	ago                string // since the surgery or radiotherapy, to the referral
	months             int
}

func (g *demoGen) history(i int, p Patient) History {
	r := rand.New(rand.NewPCG(g.seed^0x5bd1e9955bd1e995, uint64(i)*0x9e3779b97f4a7c15+1))
	d := &demoPatient{g: g, r: r, p: &p}
	d.plan(i)
	h := History{Patient: p}
	d.sessions(&h)
	d.goals(&h)
	return h
}

func (d *demoPatient) pick(xs []string) string { return xs[d.r.IntN(len(xs))] }

func (d *demoPatient) chance(pct int) bool { return d.r.IntN(100) < pct }

func (d *demoPatient) between(lo, hi int) int { return lo + d.r.IntN(hi-lo+1) }

// plan decides the presentation, the flags, the course and the timeline.
func (d *demoPatient) plan(index int) {
	r, g, p := d.r, d.g, d.p
	age := p.DateOfBirth.AgeOn(g.today)
	d.male = p.Sex == SexMale
	d.kind = d.chooseKind(age)
	d.pres = &demoPresentations[d.kind]
	pres := d.pres
	d.dur = d.pick(demoDurations)

	// Sessions: most courses run 8 to 28 sessions, a few longer; about 18
	// on average.
	d.n = 5 + r.IntN(12) + r.IntN(12)
	if d.chance(25) {
		d.n += r.IntN(16)
	}
	d.n = min(d.n, 40)
	d.discharged = d.chance(55)

	// Flags, and the window of dates the course must fit in.
	f := &p.Flags
	windowStart := g.today.AddDate(-3, 0, 0)
	end := g.today.AddDate(0, 0, -1-r.IntN(20))
	if d.discharged {
		end = g.today.AddDate(0, 0, -1-r.IntN(600))
	}
	switch {
	case d.kind == demoPostpartum:
		f.Postpartum = true
		// Born 4 to 22 months ago, so the course fits between the end of
		// the weeks without internal work and today.
		f.BirthDate = g.today.AddDate(0, 0, -130-r.IntN(540))
		weeks := max(7, g.cs.Safety.PostpartumInternalWeeks+1)
		windowStart = f.BirthDate.AddDate(0, 0, 7*weeks)
		if end.Before(windowStart.AddDate(0, 0, 60)) {
			end = g.today.AddDate(0, 0, -1-r.IntN(10))
		}
	case !d.male && age >= 22 && age <= 42 && (d.kind == demoPVD || d.kind == demoVulvodynia) && d.chance(10):
		f.Pregnant = true
		f.DueDate = g.today.AddDate(0, 0, 21+r.IntN(120))
		windowStart = f.DueDate.AddDate(0, 0, -26*7) // from 14 weeks
		end = g.today.AddDate(0, 0, -1-r.IntN(7))
		d.n = min(d.n, 5+r.IntN(8))
		d.discharged = false
	}
	if d.kind == demoGSM || (!d.male && age >= 52) {
		f.Menopause = true
	}
	if (d.kind == demoPostpartum && d.chance(25)) || (d.kind == demoGSM && d.chance(30)) || (d.kind == demoRadiotherapy && d.chance(10)) {
		f.SuspectedProlapse = true
	}
	if d.chance(2) {
		f.Epilepsy = true
	}
	if d.chance(2) {
		f.ActiveImplant = true
		f.ImplantNote = d.pick(demoImplants)
		if age < 55 && f.ImplantNote == "pacemaker" {
			f.ImplantNote = "sacral nerve stimulator"
		}
	}
	d.timeline(windowStart, end)
	first := d.dates[0]
	switch d.kind {
	case demoRadiotherapy:
		f.PelvicRadiotherapy = true
		f.RadiotherapyDate = first.AddDate(0, 0, -91-r.IntN(200))
	case demoEndo:
		if d.chance(30) {
			f.RecentSurgery = true
			f.SurgeryDate = first.AddDate(0, 0, -49-r.IntN(100))
		}
	}
	if f.Postpartum {
		d.months = max(2, monthsBetween(f.BirthDate, first))
	}

	// The course of the pain: a baseline, a final level that depends on how
	// well the patient responds, and a curve between them.
	d.baseline = float64(d.between(pres.painLo, pres.painHi))
	switch x := r.IntN(100); {
	case x < 55: // good response
		d.final = float64(r.IntN(3))
	case x < 85: // partial
		d.final = float64(2 + r.IntN(3))
	default: // slow
		d.final = math.Max(0, d.baseline-1-float64(r.IntN(3)))
	}
	d.k = 1.2 + 2.5*r.Float64()
	d.flare = make([]bool, d.n)
	for i := 2; i < d.n-1; i++ {
		d.flare[i] = d.chance(6)
	}
	switch pres.startTone {
	case ToneOveractive:
		d.toneNormalAt = 0.35 + 0.45*r.Float64()
		if d.final >= d.baseline-2 {
			d.toneNormalAt = 2 // still overactive at the end
		}
	default:
		d.toneNormalAt = 0
	}
	d.internalFrom = pres.internalDelay
	if pres.internalDelay > 0 {
		d.internalFrom = r.IntN(pres.internalDelay + 2)
	}
	if d.kind == demoPostpartum && d.chance(25) {
		// Some postnatal pelvic floors are overactive around the scar.
		d.toneNormalAt = 0.3 + 0.4*r.Float64()
	}
	d.dilator = !d.male && len(g.cs.Dilators) > 0 && d.chance(pres.dilatorPct)
	d.dilatorFrom = d.internalFrom + 1 + r.IntN(3)
	if len(g.cs.Dilators) > 3 && (d.kind == demoGSM || d.kind == demoPostpartum) && d.chance(40) {
		d.dilatorStart = 1
	}
	d.sexActive = !d.male && d.chance(pres.sexActivePct)
	d.usesTampons = !d.male && !f.Menopause && !f.Pregnant && d.kind != demoVaginismus && d.chance(60)

	// Trigger points and body-chart sites, followed from the start.
	ntp := 2 + r.IntN(5)
	used := map[[2]int]bool{}
	for len(d.tps) < ntp {
		li := 1
		if r.Float64() < pres.superficial {
			li = 0
		}
		s := g.sites[li][r.IntN(len(g.sites[li]))]
		key := [2]int{s.hour, li}
		if used[key] {
			if len(used) >= len(g.sites[0])+len(g.sites[1]) {
				break
			}
			continue
		}
		used[key] = true
		tp := demoTP{site: s, nrs: float64(d.between(4, 8)), resolve: 0.3 + 0.9*r.Float64(), referral: d.chance(20)}
		if d.chance(35) {
			tp.note = d.pick(demoTPNotes)
			if d.male && strings.Contains(tp.note, "clitoris") {
				tp.note = "refers to the tip of the penis"
			}
		}
		d.tps = append(d.tps, tp)
	}
	if sites := g.body[d.kind]; len(sites) > 0 {
		nb := r.IntN(min(3, len(sites)) + 1)
		for _, j := range r.Perm(len(sites))[:nb] {
			side := []string{SideLeft, SideRight, SideBoth}[r.IntN(3)]
			if s := strings.ToLower(sites[j]); strings.Contains(s, "symphysis") || strings.Contains(s, "abdominal") {
				side = SideMidline
			}
			d.body = append(d.body, demoBody{site: sites[j], side: side, nrs: float64(d.between(3, 7)), resolve: 0.4 + 0.8*r.Float64()})
		}
	}

	d.phq = float64(r.IntN(12))
	if d.chance(15) {
		d.phq += float64(5 + r.IntN(8))
	}
	d.gad = float64(r.IntN(11))
	if d.chance(15) {
		d.gad += float64(4 + r.IntN(6))
	}
	d.item9 = g.item9[index]
	if d.item9 {
		d.phq = math.Max(d.phq, 12)
	}
	d.chaperone = d.chance(7)
	if d.male {
		d.chaperone = d.chance(20)
	}
	d.chapName, d.chapRole = d.pick(demoChaperones), d.pick(demoChaperoneRoles)
	d.pcs = d.chance(30)

	d.eligibleStim = !f.Pregnant && !f.ActiveImplant && !f.Epilepsy && !f.PelvicRadiotherapy && !f.Malignancy
	d.eligibleLaser = !f.Pregnant && !f.Epilepsy && !f.Malignancy
	d.eligibleUS = !f.Pregnant && !f.Malignancy
	d.eligibleBio = !f.Pregnant

	// The referral arrived some weeks before the first appointment.
	ref := first.AddDate(0, 0, -7-r.IntN(60))
	if ref.Before(windowStart.AddDate(0, 0, -14)) {
		ref = windowStart.AddDate(0, 0, -14)
	}
	if f.Postpartum && ref.Before(f.BirthDate.AddDate(0, 0, 42)) {
		ref = f.BirthDate.AddDate(0, 0, 42)
	}
	if first.Before(ref) {
		ref = first
	}
	reason := d.pick(pres.reasons)
	switch {
	case f.PelvicRadiotherapy:
		d.ago = monthsWords(f.RadiotherapyDate, ref)
	case f.RecentSurgery:
		d.ago = monthsWords(f.SurgeryDate, ref)
		reason = pres.reasons[0]
	case d.kind == demoEndo:
		reason = pres.reasons[1+r.IntN(len(pres.reasons)-1)]
	}
	p.Referral = Referral{
		Date:      ref,
		Reason:    d.fill(reason),
		Diagnoses: slices.Clone(pres.diagnoses[r.IntN(len(pres.diagnoses))]),
	}
	p.Created = time.Date(ref.Year, ref.Month, ref.Day, 9, 0, 0, 0, g.loc).Add(time.Duration(r.IntN(480)) * time.Minute).UTC()
}

// monthsWords says how long from a to b: "3 months", "a year".
func monthsWords(a, b Date) string {
	switch m := monthsBetween(a, b); {
	case m <= 1:
		return "a few weeks"
	case m < 12:
		return strconv.Itoa(m) + " months"
	case m < 15:
		return "a year"
	default:
		return strconv.Itoa(m) + " months"
	}
}

func monthsBetween(a, b Date) int {
	m := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if b.Day < a.Day {
		m--
	}
	return m
}

// chooseKind picks a presentation that fits the patient's sex and age.
func (d *demoPatient) chooseKind(age int) demoKind {
	if d.male {
		return demoMale
	}
	type w struct {
		k demoKind
		n int
	}
	var ws []w
	switch {
	case age >= 50:
		ws = []w{{demoGSM, 50}, {demoVulvodynia, 15}, {demoPVD, 10}, {demoRadiotherapy, 12}, {demoVaginismus, 8}, {demoEndo, 5}}
	case age >= 42:
		ws = []w{{demoPVD, 25}, {demoGSM, 20}, {demoEndo, 15}, {demoVulvodynia, 15}, {demoVaginismus, 12}, {demoPostpartum, 8}, {demoRadiotherapy, 5}}
	default:
		ws = []w{{demoPVD, 30}, {demoVaginismus, 22}, {demoPostpartum, 18}, {demoEndo, 15}, {demoVulvodynia, 10}, {demoRadiotherapy, 2}}
		if age < 22 {
			ws[2].n = 3
		}
	}
	total := 0
	for _, x := range ws {
		total += x.n
	}
	n := d.r.IntN(total)
	for _, x := range ws {
		if n < x.n {
			return x.k
		}
		n -= x.n
	}
	return ws[0].k
}

// timeline places the sessions on weekdays, the last on end, none before
// windowStart, with short gaps at first and longer ones later.
func (d *demoPatient) timeline(windowStart, end Date) {
	r := d.r
	end = weekdayOnOrBefore(end)
	for {
		gaps := make([]int, d.n)
		sum := 0
		for i := 1; i < d.n; i++ {
			switch {
			case i < 4:
				gaps[i] = 7 + r.IntN(8)
			case i < 10:
				gaps[i] = 10 + r.IntN(15)
			default:
				gaps[i] = 14 + r.IntN(29)
			}
			sum += gaps[i]
		}
		avail := daysBetween(windowStart, end) - 2*d.n
		if sum > avail && avail > 0 {
			scale := float64(avail) / float64(sum)
			sum = 0
			for i := 1; i < d.n; i++ {
				gaps[i] = max(2, int(float64(gaps[i])*scale))
				sum += gaps[i]
			}
		}
		if sum > avail && d.n > 5 {
			d.n--
			continue
		}
		d.dates = make([]Date, d.n)
		day := end
		for i := d.n - 1; i >= 0; i-- {
			d.dates[i] = day
			if i > 0 {
				day = weekdayOnOrBefore(day.AddDate(0, 0, -gaps[i]))
			}
		}
		break
	}
	d.kinds = make([]SessionKind, d.n)
	d.times = make([]time.Time, d.n)
	nextReview := 5 + r.IntN(3)
	for i := range d.n {
		switch {
		case i == 0:
			d.kinds[i] = SessionInitial
		case i == d.n-1 && d.discharged:
			d.kinds[i] = SessionDischarge
		case i == nextReview:
			d.kinds[i] = SessionReview
			nextReview += 5 + r.IntN(3)
		default:
			d.kinds[i] = SessionFollowUp
		}
		// Clinic hours: appointments start on the quarter hour from 08:30
		// to 17:00.
		slot := 2 + r.IntN(35)
		dt := d.dates[i]
		d.times[i] = time.Date(dt.Year, dt.Month, dt.Day, 8, 0, 0, 0, d.g.loc).Add(time.Duration(slot*15) * time.Minute)
	}
}

func daysBetween(a, b Date) int {
	return int(b.midday().Sub(a.midday()).Hours() / 24)
}

func weekdayOnOrBefore(d Date) Date {
	switch d.midday().Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, -1)
	case time.Sunday:
		return d.AddDate(0, 0, -2)
	}
	return d
}

// fill puts the patient's duration and months into a template.
func (d *demoPatient) fill(tpl string) string {
	if !strings.Contains(tpl, "{") {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 16)
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			break
		}
		b.WriteString(tpl[:i])
		val := ""
		switch tpl[i+1 : i+j] {
		case "dur":
			val = d.dur
			if i == 0 {
				val = strings.ToUpper(val[:1]) + val[1:]
			}
		case "months":
			val = strconv.Itoa(d.months)
		case "ago":
			val = d.ago
		}
		b.WriteString(val)
		tpl = tpl[i+j+1:]
	}
	return b.String()
}

// progress is how far along the course the patient is at session i, 0 to 1.
func (d *demoPatient) progress(i int) float64 {
	if d.n < 2 {
		return 0
	}
	t := float64(i) / float64(d.n-1)
	return (1 - math.Exp(-d.k*t)) / (1 - math.Exp(-d.k))
}

// pain is the main pain score at session i: falling along the curve, with
// noise and the odd flare.
func (d *demoPatient) pain(i int) int {
	v := d.baseline - (d.baseline-d.final)*d.progress(i)
	if i > 0 {
		v += d.r.NormFloat64() * 0.7
	}
	if d.flare[i] {
		v += 2 + float64(d.r.IntN(2))
	}
	return clampInt(int(math.Round(v)), 0, 10)
}

func clampInt(x, lo, hi int) int { return max(lo, min(hi, x)) }

func (d *demoPatient) noisy(v, sd float64) int {
	return clampInt(int(math.Round(v+d.r.NormFloat64()*sd)), 0, 10)
}

// --- Sessions ------------------------------------------------------------

// demoState is what carries from one session to the next.
type demoState struct {
	dilatorIdx    int
	dilatorStreak int
	dilatorUsed   bool
	lastExam      Examination // the latest with tone recorded: it decides the overactive rule for programmes
	milestone     bool
	firstPain     int
}

func (d *demoPatient) sessions(h *History) {
	st := demoState{dilatorIdx: d.dilatorStart}
	h.Sessions = make([]Session, 0, d.n)
	d.progAt = d.programmeSessions()
	for i := 0; i < d.n; i++ {
		s, pain := d.session(i, &st)
		h.Sessions = append(h.Sessions, s)
		d.measures(h, i, &s, pain)
		if slices.Contains(d.progAt, i) {
			h.Programmes = append(h.Programmes, d.programme(i, &s, &st, len(h.Programmes)+1))
		}
	}
}

// programmeSessions are the sessions at which a new programme version is issued.
func (d *demoPatient) programmeSessions() []int {
	versions := 1 + d.r.IntN(2)
	switch {
	case d.n >= 16:
		versions = 3 + d.r.IntN(2)
	case d.n >= 8:
		versions = 2 + d.r.IntN(2)
	}
	at := []int{d.r.IntN(2)}
	for v := 1; v < versions; v++ {
		i := (d.n - 1) * v / versions
		i += d.r.IntN(3) - 1
		if i <= at[len(at)-1] {
			i = at[len(at)-1] + 1
		}
		if i >= d.n {
			break
		}
		at = append(at, i)
	}
	return at
}

func (d *demoPatient) session(i int, st *demoState) (Session, int) {
	r, g, pres, f := d.r, d.g, d.pres, d.p.Flags
	kind := d.kinds[i]
	treated := d.times[i]
	length := 30 + 15*r.IntN(2)
	if kind == SessionInitial {
		length = 60
	}
	pr := d.progress(i)
	big := kind != SessionFollowUp // initial, review, discharge: the full examination
	s := Session{
		PractitionerID: DemoPractitionerID,
		Kind:           kind,
		TreatedAt:      treated,
	}

	pain := d.pain(i)
	if i == 0 {
		st.firstPain = pain
	}

	// Is internal work planned today, and does the patient go ahead?
	thrush := !d.male && i > 0 && d.chance(2)
	internal := i >= d.internalFrom && !thrush
	if internal && i > 0 && d.chance(4) {
		internal = false // she chose external work only today
	}
	declinedToday := i >= d.internalFrom && !internal && !thrush
	withdrawn := false
	if internal && i > 0 {
		pct := 1
		if d.kind == demoVaginismus && pr < 0.5 {
			pct = 4
		}
		withdrawn = d.chance(pct)
	}

	// Consent.
	c := Consent{Recorded: true, Form: ConsentVerbal, Scope: []ConsentScope{ScopeExternal}}
	if kind == SessionInitial && d.chance(20) {
		c.Form = ConsentWritten
	}
	if internal {
		c.Scope = append(c.Scope, pres.internalScope)
	}
	if kind == SessionInitial || internal && (d.chaperone || d.chance(25)) {
		c.ChaperoneOffered = true
		c.Chaperone = ChaperoneDeclined
		if d.chaperone && (kind == SessionInitial || d.chance(80)) {
			c.Chaperone, c.ChaperoneName, c.ChaperoneRole = ChaperoneAccepted, d.chapName, d.chapRole
		}
	}

	// Examination.
	tone := d.toneAt(pr)
	e := Examination{}
	unable := false
	if internal && !withdrawn {
		if d.kind == demoVaginismus && i == d.internalFrom && d.chance(30) {
			unable = true
			e.Tone = ToneUnable
			e.ToneNote = "Unable to complete a single-digit assessment: strong guarding at the introitus; stopped at her request."
		} else {
			e.Tone = tone
			e.ToneNote = d.toneNote(tone)
			if big || d.chance(35) {
				ox := d.oxford(pr, tone)
				l, rr := ox, clampInt(ox+r.IntN(3)-1, 0, 5)
				if d.chance(50) {
					l, rr = rr, l
				}
				e.OxfordLeft, e.OxfordRight = &l, &rr
				if big {
					pw := min(l, rr)
					e.PERFECT = &Perfect{
						Power:       pw,
						Endurance:   clampInt(2+pw+int(4*pr)+r.IntN(2), 0, 10),
						Repetitions: clampInt(2+pw+int(3*pr)+r.IntN(2), 0, 10),
						Fast:        clampInt(3+pw+int(3*pr)+r.IntN(2), 0, 10),
					}
				}
			}
			if big || d.chance(55) {
				e.TriggerPoints = d.triggerPoints(pr)
			}
			if pres.swab && !d.male && len(g.cs.SwabSites) > 0 && (big || i%4 == 0) {
				e.Swab = d.swab(pain)
			}
		}
	}
	if big || d.chance(40) {
		e.BodyChart = d.bodyChart(pr)
	}

	// Treatment.
	var items []TreatmentItem
	add := func(id string, minutes int) *TreatmentItem {
		for _, it := range items {
			if it.TechniqueID == id {
				return nil
			}
		}
		items = append(items, TreatmentItem{TechniqueID: id, Minutes: minutes})
		return &items[len(items)-1]
	}
	canInternal := internal && !withdrawn && !unable
	if kind == SessionInitial || d.chance(30) {
		add("education", 5+5*r.IntN(3))
	}
	if pr < 0.4 && d.chance(60) || tone == ToneOveractive && d.chance(40) {
		add("breathing", 5+5*r.IntN(2))
	}
	if tone == ToneOveractive && d.chance(60) {
		add("down-training", 5+5*r.IntN(2))
	}
	if d.chance(15) {
		add("relaxation", 10)
	}
	if d.chance(35) || d.kind == demoEndo || d.kind == demoMale {
		add("manual-external", 10+5*r.IntN(2))
	}
	if d.chance(25) {
		add("myofascial-release", 10)
	}
	if canInternal && d.chance(50) {
		if it := add("manual-internal", 10+5*r.IntN(2)); it != nil && d.chance(40) {
			it.Pain = ptrInt(d.noisy(float64(pain)*0.6, 0.8))
		}
	}
	if canInternal && len(e.TriggerPoints) > 0 && d.chance(70) {
		if it := add("trigger-point-internal", 10+5*r.IntN(2)); it != nil {
			it.Pain = ptrInt(d.noisy(float64(pain)*0.7, 0.8))
		}
	}
	if canInternal && (d.kind == demoVaginismus || d.kind == demoPVD) && d.chance(40) {
		add("graded-exposure", 10)
	}
	strengthOK := tone != ToneOveractive && (pres.strengthen || f.SuspectedProlapse || pr > 0.6)
	if strengthOK && i > 0 && d.chance(50) {
		add("strengthening", 10)
	}
	if d.eligibleBio && i > 0 && (tone == ToneOveractive || strengthOK) && d.chance(12) {
		add("biofeedback", 10+5*r.IntN(2))
	}
	if d.eligibleStim && pres.electricPain && i > 0 && d.chance(8) {
		if it := add(TechniqueElectricalStimulation, 15+5*r.IntN(3)); it != nil {
			it.Params = map[string]string{
				"frequency_hz":   strconv.Itoa(80 + 10*r.IntN(4)),
				"pulse_width_us": strconv.Itoa(100 + 50*r.IntN(3)),
				"intensity_ma":   strconv.Itoa(10 + r.IntN(20)),
			}
			it.Note = "TENS for pain, pads over the sacrum; strong comfortable tingling."
			c.Scope = append(c.Scope, ScopeElectrical)
		}
	}
	if pres.scarTherapy && pr < 0.5 && i > 0 && d.chance(25) {
		switch {
		case d.eligibleUS && d.chance(60):
			if it := add("ultrasound", 5); it != nil {
				it.Note = "Over the perineal scar, 3 MHz pulsed."
			}
		case d.eligibleLaser:
			if it := add("cold-laser", 5); it != nil {
				it.Note = "Over the tender part of the scar."
			}
		}
	}
	if d.sexActive && pr > 0.3 && d.chance(8) {
		if it := add("partner-involvement", 10); it != nil {
			it.Note = "Partner attended; taught external massage and the stop signal."
		}
	}

	// Dilator work, following the clinic's progression rule.
	var dil *DilatorUse
	moved := false
	if d.dilator && canInternal && i >= d.dilatorFrom {
		if st.dilatorUsed && st.dilatorStreak >= g.steps && st.dilatorIdx < len(g.cs.Dilators)-1 && d.chance(85) {
			st.dilatorIdx++
			st.dilatorStreak = 0
			moved = true
		}
		over := float64(st.dilatorIdx)/float64(max(1, len(g.cs.Dilators)-1)) - pr
		v := float64(pain)*0.55 + math.Max(0, over)*3
		if moved {
			v += 1.5
		}
		dil = &DilatorUse{
			SizeLabel: g.cs.Dilators[st.dilatorIdx].Label,
			Minutes:   5 + 5*r.IntN(3),
			Pain:      d.noisy(v, 0.8),
		}
		if d.chance(60) {
			dil.Note = d.pick(demoDilatorNotes)
		}
		add(TechniqueDilator, dil.Minutes)
		c.Scope = append(c.Scope, ScopeDilator)
	}
	if len(items) == 0 {
		add("education", 10)
	}

	if withdrawn {
		add("education", 10)
		c.Withdrawn = true
		c.WithdrawnAt = treated.Add(time.Duration(10+r.IntN(15)) * time.Minute)
		c.WithdrawnNote = d.pick(demoWithdrawNotes)
	}
	s.Consent = c
	s.Examination = e
	s.Treatment = items
	s.Dilator = dil

	// Drop whatever the safety rules warn against for this patient today.
	s = d.dropUnsafe(s)
	if s.Dilator != nil {
		st.dilatorUsed = true
		if s.Dilator.Pain <= g.maxDil {
			st.dilatorStreak++
		} else {
			st.dilatorStreak = 0
		}
	} else if moved {
		st.dilatorIdx-- // the move up did not happen after all
	}

	// Subjective.
	sub := Subjective{}
	if !d.male {
		pp := pain
		sub.PainPenetration = &pp
		sub.Location, sub.Provoked = pres.location, pres.provoked
		m := marinoff(pain, d.r)
		if d.kind == demoVaginismus && i == 0 {
			m = 3
		}
		sub.Marinoff = &m
		rest := d.noisy(float64(pain)*pres.restFrac, 0.5)
		sub.PainNow = &rest
	} else {
		pn := pain
		sub.PainNow = &pn
		sub.Provoked = ProvokedBoth
	}
	s.Subjective = sub
	s.Subjective.Text = d.subjectiveText(i, &s, st, thrush, declinedToday)
	s.Examination.Text = d.examText(i, &s, unable, withdrawn, thrush, declinedToday)
	s.Assessment = d.assessmentText(i, &s, st, pain)
	s.Plan = d.planText(i, &s, st)
	if s.Examination.Tone != ToneNotRecorded && s.Examination.Tone != ToneUnable {
		st.lastExam = s.Examination
	}

	// Signed the same day, a few the next working day.
	end := treated.Add(time.Duration(length) * time.Minute)
	s.WrittenAt = end.Add(time.Duration(2+r.IntN(40)) * time.Minute)
	s.SignedAt = s.WrittenAt.Add(time.Duration(1+r.IntN(15)) * time.Minute)
	if d.chance(3) {
		next := weekdayOnOrAfter(DateOf(treated).AddDate(0, 0, 1))
		late := time.Date(next.Year, next.Month, next.Day, 8, 0, 0, 0, d.g.loc).Add(time.Duration(r.IntN(90)) * time.Minute)
		if !late.After(d.g.now) {
			s.SignedAt = late
		}
	}
	s.Status, s.SignedBy = StatusSigned, DemoPractitionerID

	// Anything still open is acknowledged when signing, as the app asks.
	for _, w := range g.cs.Safety.SessionWarnings(*d.p, s, DateOf(treated)) {
		s.Warnings = append(s.Warnings, AcknowledgedWarning{RuleID: w.RuleID, Text: w.Text, By: DemoPractitionerID, At: s.SignedAt})
	}
	return s, pain
}

func weekdayOnOrAfter(d Date) Date {
	switch d.midday().Weekday() {
	case time.Saturday:
		return d.AddDate(0, 0, 2)
	case time.Sunday:
		return d.AddDate(0, 0, 1)
	}
	return d
}

func ptrInt(x int) *int { return &x }

// dropUnsafe removes every technique and finding a safety rule warns
// against for this patient on the day of the session.
func (d *demoPatient) dropUnsafe(s Session) Session {
	for range 3 {
		ws := d.g.cs.Safety.SessionWarnings(*d.p, s, DateOf(s.TreatedAt))
		if len(ws) == 0 {
			return s
		}
		for _, w := range ws {
			_, id, _ := strings.Cut(w.RuleID, "/")
			switch id {
			case internalExamination.id:
				e := &s.Examination
				e.OxfordLeft, e.OxfordRight, e.PERFECT, e.TriggerPoints, e.Swab = nil, nil, nil, nil, nil
			case TechniqueDilator:
				s.Dilator = nil
			}
			s.Treatment = slices.DeleteFunc(s.Treatment, func(t TreatmentItem) bool { return t.TechniqueID == id })
		}
	}
	return s
}

func (d *demoPatient) toneAt(pr float64) Tone {
	switch {
	case d.pres.startTone == ToneOveractive || d.toneNormalAt > 0:
		if pr < d.toneNormalAt {
			return ToneOveractive
		}
		return ToneNormal
	case d.kind == demoPostpartum && pr < 0.3:
		return ToneUnderactive
	}
	return ToneNormal
}

func (d *demoPatient) toneNote(t Tone) string {
	switch t {
	case ToneOveractive:
		return d.pick(demoToneNotesOver)
	case ToneUnderactive:
		return d.pick(demoToneNotesUnder)
	}
	if d.chance(60) {
		return d.pick(demoToneNotesNormal)
	}
	return ""
}

// oxford grades the contraction: weak while the floor is overactive or
// after a birth, better as the course goes on.
func (d *demoPatient) oxford(pr float64, t Tone) int {
	base := 2.0
	if d.kind == demoPostpartum || d.kind == demoGSM {
		base = 1.5
	}
	if t == ToneOveractive {
		base = 2
		pr *= 0.5
	}
	return clampInt(int(math.Round(base+2*pr+d.r.NormFloat64()*0.4)), 0, 5)
}

func (d *demoPatient) triggerPoints(pr float64) []TriggerPoint {
	var out []TriggerPoint
	for _, tp := range d.tps {
		if pr >= tp.resolve {
			continue
		}
		nrs := d.noisy(tp.nrs*(1-0.8*pr), 0.7)
		if nrs == 0 {
			continue
		}
		out = append(out, TriggerPoint{
			Hour: tp.site.hour, Layer: tp.site.layer, Side: tp.site.side, Muscle: tp.site.muscle,
			NRS: nrs, Referral: tp.referral, Note: tp.note,
		})
	}
	return out
}

// swab tests the clinic's sites in random order, the posterior vestibule
// most tender, as in provoked vestibulodynia.
func (d *demoPatient) swab(pain int) []SwabSite {
	sites := d.g.cs.SwabSites
	out := make([]SwabSite, len(sites))
	for j, k := range d.r.Perm(len(sites)) {
		h := sites[k]
		f := 0.45
		switch {
		case h >= 5 && h <= 7:
			f = 1
		case h == 4 || h == 8:
			f = 0.8
		case h == 3 || h == 9:
			f = 0.6
		}
		out[j] = SwabSite{Hour: h, NRS: d.noisy(float64(pain)*f, 0.6)}
	}
	return out
}

func swabMean(ss []SwabSite) float64 {
	sum := 0
	for _, s := range ss {
		sum += s.NRS
	}
	return float64(sum) / float64(len(ss))
}

func (d *demoPatient) bodyChart(pr float64) []BodySite {
	var out []BodySite
	for _, b := range d.body {
		if pr >= b.resolve {
			continue
		}
		nrs := d.noisy(b.nrs*(1-0.7*pr), 0.6)
		if nrs == 0 {
			continue
		}
		out = append(out, BodySite{Site: b.site, Side: b.side, NRS: nrs})
	}
	return out
}

func marinoff(pain int, r *rand.Rand) int {
	m := 0
	switch {
	case pain >= 8:
		m = 3
	case pain >= 5:
		m = 2
	case pain >= 2:
		m = 1
	}
	if r.IntN(8) == 0 {
		m += r.IntN(3) - 1
	}
	return clampInt(m, 0, 3)
}

// --- Free text -------------------------------------------------------------

func (d *demoPatient) she() (she, her string) {
	if d.male {
		return "he", "his"
	}
	return "she", "her"
}

func capFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (d *demoPatient) subjectiveText(i int, s *Session, st *demoState, thrush, declined bool) string {
	var b strings.Builder
	pres := d.pres
	pain := *s.Subjective.PainNow
	if s.Subjective.PainPenetration != nil {
		pain = *s.Subjective.PainPenetration
	}
	if i == 0 {
		b.WriteString(d.fill(d.pick(pres.history)))
		if d.sexActive {
			b.WriteString(" In a relationship; sexually active, though less often because of the pain.")
		} else if !d.male {
			b.WriteString(" Not currently having intercourse.")
		}
		if d.p.Flags.Pregnant {
			b.WriteString(" Currently pregnant, due " + d.p.Flags.DueDate.Display() + "; midwife aware of the referral.")
		}
		if d.p.Flags.Epilepsy {
			b.WriteString(" Epilepsy, well controlled on medication.")
		}
		if d.p.Flags.ActiveImplant {
			b.WriteString(" Has a " + d.p.Flags.ImplantNote + ".")
		}
		b.WriteString(" Scores " + pres.painWord + " " + strconv.Itoa(pain) + "/10 at worst.")
		return b.String()
	}
	switch {
	case thrush:
		b.WriteString(demoThrush + " ")
	case d.flare[i]:
		b.WriteString("Flare since the last session after " + d.pick(pres.flareCauses) + "; settling with the flare-up plan. ")
	case pain < st.firstPain-2:
		b.WriteString(d.pick([]string{"Steady improvement. ", "Feels things are moving in the right direction. ", "Much better overall. "}))
	case pain < st.firstPain:
		b.WriteString(d.pick([]string{"Slightly better. ", "Small gains; some good days and some bad. ", "Mixed fortnight. "}))
	default:
		b.WriteString(d.pick([]string{"No real change yet. ", "Finding progress slow. ", "About the same as before. "}))
	}
	if rest := s.Subjective.PainNow; d.male || rest == nil || *rest >= 2 {
		b.WriteString(capFirst(d.pick(pres.restTexts)))
	} else {
		b.WriteString(d.pick([]string{"Comfortable at rest", "No pain at rest", "Fine at rest"}))
	}
	b.WriteString("; " + pres.painWord + " " + strconv.Itoa(pain) + "/10")
	if s.Subjective.Marinoff != nil && d.sexActive && d.chance(50) {
		b.WriteString(" with intercourse")
	}
	b.WriteString(". ")
	b.WriteString(d.pick(demoAdherence))
	if s.Dilator != nil && d.chance(60) {
		b.WriteString(" Dilator at home " + strconv.Itoa(2+d.r.IntN(3)) + " times a week.")
	}
	if !st.milestone && d.progress(i) > 0.6 && pain <= 3 {
		st.milestone = true
		if d.p.Flags.Pregnant {
			b.WriteString(" Intercourse with only mild discomfort for the first time in months.")
		} else {
			b.WriteString(" " + d.pres.milestone)
		}
	}
	if d.chance(30) {
		b.WriteString(" " + d.pick(demoContexts))
	}
	if declined {
		b.WriteString(" Preferred external work only today.")
	}
	return b.String()
}

func (d *demoPatient) examText(i int, s *Session, unable, withdrawn, thrush, declined bool) string {
	var b strings.Builder
	e := &s.Examination
	if i == 0 || s.Kind != SessionFollowUp {
		if i == 0 {
			b.WriteString(d.pick(d.pres.skin))
		} else {
			b.WriteString(d.pick(d.pres.examObsFollow))
		}
		b.WriteString(" ")
	}
	switch {
	case withdrawn:
		b.WriteString("Internal examination stopped when consent was withdrawn; external findings only.")
	case thrush:
		b.WriteString("External assessment only today.")
	case unable:
		b.WriteString("Internal assessment attempted but not tolerated; external work only.")
	case declined:
		b.WriteString("External assessment and treatment only, at the patient's choice.")
	case e.Tone == ToneNotRecorded:
		if d.male {
			b.WriteString("Rectal examination deferred to the next session; external assessment of the perineum and hips.")
		} else {
			b.WriteString("Internal examination deferred: education and external work first, at her pace.")
		}
	default:
		route := "Single-digit vaginal examination"
		if d.male {
			route = "Rectal examination"
		}
		b.WriteString(route + ": tone " + strings.ToLower(e.Tone.Label()))
		if e.PERFECT != nil {
			b.WriteString(", PERFECT " + e.PERFECT.Profile())
		}
		b.WriteString(". ")
		switch n := len(e.TriggerPoints); {
		case n == 0 && s.Kind != SessionFollowUp:
			b.WriteString("No trigger points found. ")
		case n > 0:
			worst := e.TriggerPoints[0]
			for _, tp := range e.TriggerPoints {
				if tp.NRS > worst.NRS {
					worst = tp
				}
			}
			b.WriteString(strconv.Itoa(n) + " trigger point")
			if n > 1 {
				b.WriteString("s")
			}
			b.WriteString(", most tender at " + strconv.Itoa(worst.Hour) + " o'clock (" + strconv.Itoa(worst.NRS) + "/10). ")
		}
		if len(e.Swab) > 0 {
			b.WriteString("Cotton-swab test mean " + strconv.FormatFloat(swabMean(e.Swab), 'f', 1, 64) + "/10, worst posteriorly.")
		}
	}
	return strings.TrimSpace(b.String())
}

func (d *demoPatient) assessmentText(i int, s *Session, st *demoState, pain int) string {
	var b strings.Builder
	she, her := d.she()
	b.WriteString(capFirst(d.pres.name))
	if i == 0 {
		b.WriteString(". ")
		switch d.pres.startTone {
		case ToneOveractive:
			b.WriteString("Overactive pelvic floor contributing to " + her + " pain; protective guarding and fear of pain are part of the picture. ")
		default:
			b.WriteString("Pelvic floor weak rather than tight; scar sensitivity and dryness contribute. ")
		}
		if d.male {
			b.WriteString("Good candidate for pelvic-floor physiotherapy: down-training, manual therapy and education, with his goals guiding the plan.")
		} else {
			b.WriteString("Good candidate for pelvic-floor physiotherapy: down-training, graded exposure and education, with " + her + " goals guiding the plan.")
		}
		if d.item9 {
			b.WriteString(" PHQ-9 item 9 answered above 0: risk assessment done today; no plan or intent, protective factors discussed, crisis numbers given and GP contacted the same day.")
		}
		return b.String()
	}
	change := st.firstPain - pain
	b.WriteString(": " + d.pres.painWord + " " + strconv.Itoa(pain) + "/10, " + strconv.Itoa(st.firstPain) + "/10 at the initial assessment")
	if change >= 2 || (st.firstPain > 0 && float64(change) >= 0.3*float64(st.firstPain)) {
		b.WriteString(", a clinically important improvement")
	}
	b.WriteString(". ")
	switch t := s.Examination.Tone; t {
	case ToneOveractive:
		b.WriteString("Pelvic floor still overactive; keep down-training before any strengthening. ")
	case ToneNormal:
		b.WriteString("Tone now normal; " + she + " relaxes well after a contraction. ")
	case ToneUnderactive:
		b.WriteString("Contraction still weak; strengthening can progress. ")
	}
	if s.Dilator != nil {
		b.WriteString("Dilator " + s.Dilator.SizeLabel + " at " + strconv.Itoa(s.Dilator.Pain) + "/10. ")
	}
	switch s.Kind {
	case SessionReview:
		b.WriteString("Goals reviewed together; " + d.goalWord(d.progress(i)) + ".")
	case SessionDischarge:
		b.WriteString("Ready for discharge: " + d.goalWord(1) + "; confident with the home programme and flare-up plan.")
	default:
		if d.flare[i] {
			b.WriteString("Flare settling; no new concerns.")
		} else {
			b.WriteString(d.pick([]string{"Progressing as expected.", "Responding to treatment.", "Slow but steady.", "Engaged and motivated."}))
		}
	}
	return b.String()
}

func (d *demoPatient) goalWord(pr float64) string {
	switch g := d.goalProgress(pr); {
	case g >= 0.8:
		return "most goals achieved"
	case g >= 0.5:
		return "goals partly achieved"
	default:
		return "goals still some way off"
	}
}

// goalProgress is the share of the pain gone by progress pr, 0 to 1.
func (d *demoPatient) goalProgress(pr float64) float64 {
	if d.baseline <= 0 {
		return 1
	}
	return (d.baseline - d.final) * pr / d.baseline
}

func (d *demoPatient) planText(i int, s *Session, st *demoState) string {
	var b strings.Builder
	if s.Kind == SessionDischarge {
		b.WriteString("Discharged with the home programme and flare-up plan. Open access to rebook within 6 months if symptoms return.")
		if d.chance(40) {
			b.WriteString(" " + d.pick(d.pres.plans))
		}
		return b.String()
	}
	if i == 0 {
		b.WriteString("Explained the pain cycle and how the pelvic floor guards. ")
	}
	switch v := slices.Index(d.progAt, i); {
	case v == 0:
		b.WriteString("Home programme issued. ")
	case v > 0:
		b.WriteString("Home programme updated (version " + strconv.Itoa(v+1) + "). ")
	}
	b.WriteString(d.pick(d.pres.plans))
	if s.Dilator != nil {
		label := s.Dilator.SizeLabel
		b.WriteString(" Dilator at home: " + label + ", 3 to 4 times a week for 10 minutes with plenty of water-based lubricant; never force.")
		if st.dilatorStreak >= d.g.steps && st.dilatorIdx < len(d.g.cs.Dilators)-1 {
			b.WriteString(" Ready to try " + d.g.cs.Dilators[st.dilatorIdx+1].Label + " when the current size goes in easily.")
		}
	} else if d.dilator && i+1 >= d.dilatorFrom && i < d.dilatorFrom {
		b.WriteString(" Introduce dilators next time.")
	}
	if s.Examination.Tone == ToneNormal && d.pres.strengthen && d.chance(40) {
		b.WriteString(" Add gentle pelvic-floor strengthening now that relaxation is reliable.")
	}
	gap := daysBetween(d.dates[i], d.dates[min(i+1, d.n-1)])
	weeks := max(1, (gap+3)/7)
	if i == d.n-1 {
		weeks = 2 + d.r.IntN(3)
	}
	b.WriteString(" Review in " + strconv.Itoa(weeks) + " week")
	if weeks > 1 {
		b.WriteString("s")
	}
	b.WriteString(".")
	return b.String()
}

// --- Measures ------------------------------------------------------------

// demoItems makes the answers of one response, all answered.
func demoItems(vals []int) []*int {
	out := make([]*int, len(vals))
	for i := range vals {
		out[i] = &vals[i]
	}
	return out
}

// spread distributes total points over items of 0 to max each, at random.
func (d *demoPatient) spread(total, items, max int) []int {
	vals := make([]int, items)
	total = clampInt(total, 0, items*max)
	for total > 0 {
		j := d.r.IntN(items)
		if vals[j] < max {
			vals[j]++
			total--
		}
	}
	return vals
}

// measures records the outcome measures taken at session i. They carry
// no SessionID, and sessions list no Measures: ImportHistories gives every
// record a new ID without mapping links between them, so a link made here
// would point at nothing.
func (d *demoPatient) measures(h *History, i int, s *Session, pain int) {
	pr := d.progress(i)
	taken := DateOf(s.TreatedAt)
	recorded := s.TreatedAt.Add(time.Duration(5+d.r.IntN(20)) * time.Minute)
	add := func(instrument string, vals []int) {
		h.Measures = append(h.Measures, MeasureResponse{
			PatientID: "", Instrument: instrument, Taken: taken, Items: demoItems(vals),
			Recorded: recorded, RecordedBy: DemoPractitionerID,
		})
	}
	big := s.Kind != SessionFollowUp
	periodic := i == 0 || i%8 == 0 || s.Kind == SessionDischarge

	if d.chance(90) {
		add(InstrumentNRS, []int{pain})
	}
	if s.Subjective.Marinoff != nil && d.chance(85) {
		add(InstrumentMarinoff, []int{*s.Subjective.Marinoff})
	}
	if d.usesTampons && d.kind == demoPVD && big && d.chance(60) {
		add(InstrumentTampon, []int{d.noisy(float64(pain)*0.8, 0.7)})
	}
	if periodic {
		phq := d.spread(int(math.Round(d.phq*(1-0.5*pr)+d.r.NormFloat64())), 8, 3)
		item9 := 0
		if d.item9 && i == 0 {
			item9 = 1
		}
		add(InstrumentPHQ9, append(phq, item9))
		add(InstrumentGAD7, d.spread(int(math.Round(d.gad*(1-0.5*pr)+d.r.NormFloat64())), 7, 3))
	}
	if d.sexActive && big {
		add(InstrumentFSFI, d.fsfi(pr, pain))
	}
	if (d.pres.pelvicOrgan || d.p.Flags.SuspectedProlapse) && (i == 0 || s.Kind == SessionDischarge || s.Kind == SessionReview && d.chance(50)) {
		add(InstrumentPFDI20, d.pfdi(pr))
		add(InstrumentPFIQ7, d.pfiq(pr))
	}
	if d.pcs && (i == 0 || s.Kind == SessionDischarge) {
		rum := clampInt(int(math.Round(10*(1-0.5*pr)+d.r.NormFloat64()*2)), 0, 16)
		mag := clampInt(int(math.Round(6*(1-0.5*pr)+d.r.NormFloat64()*1.5)), 0, 12)
		hel := clampInt(int(math.Round(12*(1-0.5*pr)+d.r.NormFloat64()*3)), 0, 24)
		total := float64(rum + mag + hel)
		h.Measures = append(h.Measures, MeasureResponse{
			Instrument: InstrumentPCS, Taken: taken, Total: &total,
			Subscales: map[string]float64{"rumination": float64(rum), "magnification": float64(mag), "helplessness": float64(hel)},
			Recorded:  recorded, RecordedBy: DemoPractitionerID,
		})
	}
}

// fsfi answers the 19 items of a sexually active patient: function
// improving as the course goes on, the pain domain (5 = least pain)
// following the pain on penetration.
func (d *demoPatient) fsfi(pr float64, pain int) []int {
	q := 0.3 + 0.5*pr
	vals := make([]int, 19)
	for j := range vals {
		lo := 1
		var v float64
		if j >= 16 { // pain, 17–19
			v = 5 - float64(pain)*0.45
		} else {
			v = 1 + 4*q
		}
		vals[j] = clampInt(int(math.Round(v+d.r.NormFloat64()*0.6)), lo, 5)
	}
	return vals
}

// pfdi answers PFDI-20: 0 for no, else bother 1 to 4; prolapse items
// higher with a suspected prolapse, bladder items after a birth.
func (d *demoPatient) pfdi(pr float64) []int {
	vals := make([]int, 20)
	for j := range vals {
		p := 0.25
		switch {
		case j < 6 && d.p.Flags.SuspectedProlapse:
			p = 0.6
		case j >= 14 && (d.kind == demoPostpartum || d.kind == demoGSM):
			p = 0.55
		}
		p *= 1 - 0.6*pr
		if d.r.Float64() < p {
			vals[j] = 1 + d.r.IntN(3)
		}
	}
	return vals
}

// pfiq answers PFIQ-7: 7 questions for bladder, bowel and vagina/pelvis.
func (d *demoPatient) pfiq(pr float64) []int {
	vals := make([]int, 21)
	for j := range vals {
		p := 0.2
		if j >= 14 {
			p = 0.5
		}
		p *= 1 - 0.6*pr
		if d.r.Float64() < p {
			vals[j] = 1 + d.r.IntN(3)
		}
	}
	return vals
}

// --- Programmes ------------------------------------------------------------

func (d *demoPatient) programme(i int, s *Session, st *demoState, version int) Programme {
	pr := d.progress(i)
	var ids []string
	push := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	push("diaphragmatic-breathing")
	if d.toneAt(pr) == ToneOveractive || version == 1 || d.chance(60) {
		push("pelvic-drop")
	}
	if version == 1 {
		push(d.pick([]string{"constructive-rest", "body-scan"}))
		push(d.pick([]string{"child-pose", "butterfly-stretch", "cat-cow"}))
		if d.chance(50) {
			push("progressive-relaxation")
		}
	} else {
		stretches := []string{"child-pose", "butterfly-stretch", "happy-baby", "hip-flexor-stretch", "deep-squat", "cat-cow"}
		if d.kind == demoEndo || d.kind == demoMale {
			stretches = append(stretches, "piriformis-stretch", "piriformis-stretch")
		}
		for range 2 {
			push(d.pick(stretches))
		}
		if s.Dilator != nil || st.dilatorUsed {
			push("dilator-practice")
		}
		switch d.kind {
		case demoPVD, demoVulvodynia:
			if d.chance(60) {
				push("vestibular-massage")
			}
		case demoPostpartum:
			push("scar-massage")
		}
		if d.pres.strengthen || pr > 0.6 {
			if t := st.lastExam.Tone; t == ToneNormal || t == ToneUnderactive {
				push("pelvic-floor-strengthening")
			}
		}
		if d.sexActive && version >= 3 && d.chance(40) {
			push("partner-massage")
		}
		if d.eligibleBio && d.chance(10) {
			push("home-biofeedback")
		}
		if d.eligibleStim && d.pres.electricPain && d.chance(12) {
			push("home-tens")
		}
		if len(ids) < 4 {
			push("body-scan")
		}
	}
	for len(ids) < 4 {
		push(d.pick([]string{"constructive-rest", "body-scan", "cat-cow", "child-pose", "butterfly-stretch"}))
	}
	if len(ids) > 7 {
		ids = ids[:7]
	}

	issued := s.TreatedAt.Add(time.Duration(20+d.r.IntN(10)) * time.Minute)
	prog := Programme{
		Version: version, Issued: issued, IssuedBy: DemoPractitionerID, Language: demoSheetLanguage(d.p.Name), FirstName: demoFirstName(d.p.Name),
		FlareUpPlan: d.pick(demoFlarePlans),
	}
	if prog.Language == LanguageSpanish {
		prog.FlareUpPlan = demoSpanishFlarePlan
	}
	for _, id := range ids {
		prog.Items = append(prog.Items, d.programmeItem(id, s, pr, prog.Language))
	}
	// Leave out any exercise a safety rule warns against for this patient.
	for _, w := range d.g.cs.Safety.ProgrammeWarnings(*d.p, prog, DateOf(issued), st.lastExam) {
		_, id, _ := strings.Cut(w.RuleID, "/")
		prog.Items = slices.DeleteFunc(prog.Items, func(it ProgrammeItem) bool { return it.ExerciseID == id })
	}
	for _, id := range []string{"constructive-rest", "body-scan", "cat-cow", "butterfly-stretch"} {
		if len(prog.Items) >= 4 {
			break
		}
		if !slices.ContainsFunc(prog.Items, func(it ProgrammeItem) bool { return it.ExerciseID == demoLibraryID(id) }) {
			prog.Items = append(prog.Items, d.programmeItem(id, s, pr, prog.Language))
		}
	}
	for _, w := range d.g.cs.Safety.ProgrammeWarnings(*d.p, prog, DateOf(issued), st.lastExam) {
		prog.Warnings = append(prog.Warnings, AcknowledgedWarning{RuleID: w.RuleID, Text: w.Text, By: DemoPractitionerID, At: issued})
	}
	return prog
}

func demoLibraryID(id string) string {
	if lib, ok := demoExerciseIDs[id]; ok {
		return lib
	}
	return id
}

func (d *demoPatient) programmeItem(id string, s *Session, pr float64, lang string) ProgrammeItem {
	e, ok := LibraryExercise(demoLibraryID(id), lang)
	if !ok {
		panic("store: the demonstration uses an exercise the library lacks: " + id)
	}
	it := e.Item()
	switch id {
	case "dilator-practice":
		if s.Dilator != nil {
			it.Note = "Current size: " + s.Dilator.SizeLabel + "."
			if lang == LanguageSpanish {
				it.Note = "Tamaño actual: " + s.Dilator.SizeLabel + "."
			}
		}
	case "pelvic-floor-strengthening":
		it.Dose.HoldSeconds = clampInt(3+int(6*pr), 3, 10)
		it.Dose.Repetitions = clampInt(5+int(5*pr), 5, 10)
	case "diaphragmatic-breathing", "pelvic-drop":
		if d.chance(30) {
			notes := []string{"Use the rolled towel under your knees, as we practised.", "Try it before bed as well.", "Link it to brushing your teeth so you remember."}
			if lang == LanguageSpanish {
				notes = []string{"Ponga la toalla enrollada bajo las rodillas, como practicamos.", "Hágalo también antes de dormir.", "Hágalo después de lavarse los dientes para no olvidarlo."}
			}
			it.Note = d.pick(notes)
		}
	}
	return it
}

// --- Goals ---------------------------------------------------------------

func (d *demoPatient) goals(h *History) {
	pool := d.pres.goals
	n := 2 + d.r.IntN(2)
	set := d.dates[0]
	var reviewed Date
	for i := d.n - 1; i > 0; i-- {
		if d.kinds[i] != SessionFollowUp {
			reviewed = d.dates[i]
			break
		}
	}
	achieved := d.goalProgress(1)
	for _, j := range d.r.Perm(len(pool)) {
		if len(h.Patient.Goals) == n {
			break
		}
		text := pool[j]
		if d.p.Flags.Pregnant && (strings.Contains(text, "baby") || strings.Contains(text, "tampon")) {
			continue
		}
		need := 0.55 + 0.3*d.r.Float64()
		status := GoalActive
		switch {
		case reviewed.IsZero():
		case achieved >= need:
			status = GoalAchieved
		case achieved >= need*0.5:
			status = GoalPartlyAchieved
		}
		if d.discharged && status == GoalActive {
			status = GoalPartlyAchieved
			if d.chance(30) {
				status = GoalDropped
			}
		}
		g := Goal{Text: text, Status: status, Set: set}
		if status != GoalActive || !reviewed.IsZero() {
			g.Reviewed = reviewed
			if g.Reviewed.IsZero() {
				g.Reviewed = d.dates[d.n-1]
			}
		}
		h.Patient.Goals = append(h.Patient.Goals, g)
	}
}
