"""Sample categories and articles used to populate a fresh Folio site.

Everything here is original demo writing for a science-community blog about pain,
the nervous system, movement and traditional medicine. Bodies are Markdown.
"""

CATEGORIES = [
    {
        "name": "Pain Management",
        "slug": "pain-management",
        "description": (
            "Practical, evidence-aware guides to understanding and easing everyday and "
            "long-term pain, from self-care at home to treatments offered in the clinic."
        ),
    },
    {
        "name": "Traditional Medicine",
        "slug": "traditional-medicine",
        "description": (
            "A curious but careful look at acupuncture, cupping and other traditional "
            "practices: where they come from, how they are used and what research shows."
        ),
    },
    {
        "name": "Neuroscience",
        "slug": "neuroscience",
        "description": (
            "How the brain and nervous system create the experience of pain, and why "
            "sleep, stress and learning can turn the volume up or down."
        ),
    },
    {
        "name": "Movement and Exercise",
        "slug": "movement-and-exercise",
        "description": (
            "Gentle, realistic ways to keep moving when your body hurts, and the science "
            "behind why activity is one of the most useful tools for long-term pain."
        ),
    },
]

ARTICLES = [
    {
        "title": "How Acupuncture Can Relieve Chronic Back Pain Naturally",
        "slug": "how-acupuncture-can-relieve-chronic-back-pain-naturally",
        "summary": (
            "Five ways acupuncture may ease long-term back pain, from natural painkillers "
            "and looser muscles to a calmer nervous system, with an honest look at what "
            "the research does and does not show."
        ),
        "category": "traditional-medicine",
        "tags": ["acupuncture", "back pain", "chronic pain", "nervous system", "trigger points"],
        "days_ago": 1,
        "cover_alt": (
            "Abstract illustration of slender acupuncture needles with gold handles, "
            "set at an angle over a teal-to-amber gradient with faint ripples at each tip"
        ),
        "cover_palette": ("#1f4e5f", "#f2c14e"),
        "cover_motif": "needles",
        "body": """Chronic back pain is one of the most common reasons people visit a doctor, and one of the most stubborn to treat. When pain hangs around for months, there is often no single cause that shows up clearly on a scan, and familiar options such as painkillers and rest can feel as though they only take the edge off. It is hardly surprising that many people start looking for something different, and acupuncture is often one of the first things they consider.

Acupuncture involves placing very fine, sterile, single-use needles at chosen points on the body, sometimes with gentle twisting or a mild electrical current. It grew out of traditional Chinese medicine, but today it is also offered by physiotherapists, pain clinics and some general practices. People who try it for back pain often describe a heavy, relaxed feeling during a session and a gradual loosening of stiffness over several weeks.

So what might actually be happening? Scientists have proposed several mechanisms, and traditional practitioners have their own way of explaining the effects. Below we walk through five of the main ideas, what the evidence says about each one, and where the picture is still uncertain.

## Releasing the Body's Own Pain-Relieving Chemicals

The nervous system carries its own chemistry for turning pain down. When needles are inserted and stimulated, sensory nerves in the skin and muscle send a stream of signals to the spinal cord and brain, and a range of studies suggest this can prompt the release of natural pain-relieving substances, including:

- **Endorphins and enkephalins**, the body's own opioids, which act on the same receptors as morphine but far more gently.
- **Serotonin and noradrenaline**, chemical messengers that help the brain send "quieten down" signals to the spinal cord.
- **Adenosine**, a small molecule that can dampen pain locally; research in mice has suggested it builds up in the tissue around a needle while it is being turned [@goldman-2010].

Some of the most striking early evidence came from experiments in which drugs that block opioid receptors weakened the pain relief produced by acupuncture, pointing to the body's own opioid system. Later animal work suggested that different frequencies of electroacupuncture may favour the release of different chemicals.

It is worth keeping this in proportion. Much of the detailed chemistry comes from animal studies or small laboratory experiments in people, and the same systems are also switched on by exercise, massage, positive expectation and even a reassuring conversation. That does not make the effect imaginary. It suggests that acupuncture may tap into pain-control pathways that many other helpful experiences share.

## Relaxing Tight Muscles and Spasms

Many people with long-term back pain carry a lot of muscle tension. The muscles running alongside the spine, across the buttocks and around the hips can tighten to guard a sore area, and over time that protective tension becomes a source of pain in its own right. Tight muscles tire quickly, limit movement and often contain small, exquisitely tender spots.

### Trigger points and needling

These tender spots are known as trigger points: sensitive knots within a taut band of muscle that can send pain to other places, such as from the buttock down the back of the thigh. Placing a needle into one sometimes produces a brief local twitch, after which the muscle often feels softer and less sore. The same idea underpins dry needling, a related technique used by some physiotherapists. Some researchers have argued that many classic acupuncture points lie close to common trigger point locations, although how close the match really is remains disputed.

Why a muscle relaxes after needling is still debated. Suggestions include a reset of an overactive connection between nerve and muscle, a change in the irritating chemicals that collect in a tense muscle, and an easing of the reflexes that keep it clenched. Whatever the explanation, a looser muscle usually makes it easier to move, and staying active is one of the best-supported approaches to chronic back pain.

## Improving Blood Flow to Strained Tissue

Healing depends on a steady supply of blood. Oxygen, nutrients and repair cells all arrive through tiny vessels, and waste products leave the same way. In tissue that has been tense or irritated for a long time, this microcirculation may become sluggish, which could slow recovery and allow inflammatory substances to linger.

A needle creates a tiny, controlled disturbance in the tissue, and the body responds locally. One part of that response is the release of nitric oxide, a gas that relaxes the walls of small blood vessels so they widen. Studies using laser and imaging techniques have reported increased blood flow in the skin and muscle around needled areas, and you can sometimes see this as a faint flush of redness around a point.

Better circulation could help in two ways: by clearing chemicals that sensitise nerve endings, and by supporting the slow repair of muscles, ligaments and other tissues. This is a plausible part of the story, but it has mostly been measured over minutes or hours, and it is not yet clear how much these local changes contribute to longer-lasting relief.

## Calming a Sensitised Nervous System

When pain lasts for many months, the problem is often no longer only in the back. The nervous system itself can change, becoming more reactive so that ordinary signals are amplified into pain. This is called central sensitisation. It helps to explain why some people find their pain spreading to wider areas, feel sore with light pressure, or notice flare-ups during stressful periods even though nothing new has happened to their spine.

A helpful image is a volume dial that has been turned up and left there. The spinal cord passes on more signals, and the brain's pain-processing networks respond to them more strongly. The pain is completely real, but it has become a poor guide to how much damage is present.

Brain imaging studies have found that acupuncture can change activity in regions involved in both pain and emotion, and some research suggests it may strengthen the pathways the brain uses to turn incoming pain signals down. If so, acupuncture might help to nudge the dial back towards normal. This area of research is promising but young, and changes seen in a scanner are hard to link directly to how someone feels from day to day.

## A Whole-Body View from Traditional Chinese Medicine

Traditional Chinese medicine approaches back pain from a different angle. Rather than focusing on one structure, a practitioner considers the whole person. In this framework, health depends on the smooth flow of qi, often translated as vital energy, through pathways called meridians. Pain is frequently described as stagnation of qi and blood, and treatment aims to restore free flow.

A traditional practitioner will usually make a pattern diagnosis, asking about sleep, digestion, energy, temperature and mood, and often looking at the tongue and feeling the pulse. Two people with very similar back pain may therefore receive different treatments. Points on the lower back are commonly combined with distant points, for example behind the knee or on the hands and feet, which are believed to influence the channels that pass through the back.

Whether or not you accept these ideas literally, the broader focus has practical value. Poor sleep, ongoing stress and low mood all make chronic pain worse, and a calm, unhurried session that pays attention to them may help on several fronts at once. Many people say they sleep better after treatment, and better sleep is linked to lower pain sensitivity. Researchers have not found physical structures that match the meridians, so they are best understood as a traditional map rather than an anatomical one.

## Conclusion

Acupuncture is not a cure for chronic back pain, but for some people it can be a useful part of a wider plan. The mechanisms above, from natural painkillers and relaxed muscles to better blood flow and a calmer nervous system, probably work together rather than alone, and the experience of a quiet, attentive session is likely to play a part as well.

The clinical evidence is genuinely mixed. Pooled analyses of trials find benefits compared with no acupuncture or usual care, but the gap between real and sham acupuncture is small [@vickers-2012] [@vickers-2018]; in one large back-pain trial, simulated needling that did not pierce the skin helped about as much as the real thing [@cherkin-2009]. That suggests expectation and the setting of care matter a great deal. Guidelines reflect this uncertainty: some list acupuncture as a reasonable non-drug option for long-term low back pain [@qaseem-2017], while others, including the UK's NICE guidance, do not recommend it [@nice-ng59].

If you decide to try it, a few practical points help:

- Choose a practitioner who is properly trained and belongs to a recognised professional register.
- Mention your medical history, your medicines and any bleeding problems.
- Agree on a short course, then review honestly whether it is helping.
- Keep moving: acupuncture tends to work best alongside exercise and a gradual return to normal activity, not instead of it.

> **Get help quickly** if back pain comes with numbness, leg weakness, problems controlling your bladder or bowels, fever or unexplained weight loss.
""",
    },
    {
        "title": "What Happens in the Brain When Pain Becomes Chronic",
        "slug": "what-happens-in-the-brain-when-pain-becomes-chronic",
        "summary": (
            "Pain that outlasts healing is not simply a longer version of a fresh injury. "
            "Here is how the spinal cord and brain change as pain becomes chronic, and why "
            "those changes can be reversed."
        ),
        "category": "neuroscience",
        "tags": ["chronic pain", "nervous system", "evidence"],
        "days_ago": 4,
        "cover_alt": (
            "Abstract network of glowing pink dots joined by fine lines, suggesting "
            "connected neurons, on a deep purple gradient"
        ),
        "cover_palette": ("#2b1d4e", "#e86a92"),
        "cover_motif": "nodes",
        "body": """Pain after an injury is a protective alarm. It tells you to stop, rest and look after the damaged part, and in most cases it fades as the tissue heals. For a sizeable minority of people, though, pain carries on long after healing should be complete, or appears with no clear injury at all. Pain that persists for more than about three months is usually called chronic, and it behaves quite differently from the short-lived kind.

## From Alarm Signal to Learned Response

Specialised nerve endings called nociceptors detect heat, pressure and chemical changes that could mean harm. They send signals to the spinal cord, which relays them to the brain. Crucially, the brain does not simply read these signals like a meter. It weighs them against context, memory, mood and expectation before deciding whether, and how much, it hurts. Pain is best understood as something the brain produces to protect you, not a direct measurement of damage.

When signals keep arriving for a long time, the system adapts. Nerve cells in the spinal cord can become more excitable, so that the same input produces a bigger response. This is central sensitisation, and it can mean that gentle touch, normal movement or mild pressure start to register as painful. The alarm has, in effect, become oversensitive.

## Changes Seen in the Brain

Brain imaging has given researchers a window on what happens higher up. In many studies of people with long-lasting pain, activity appears to shift away from areas mainly concerned with where a sensation is and how strong it feels, towards networks involved in emotion, motivation and learning. Some studies have also reported changes in the volume of grey matter in particular regions.

These findings need careful reading. Imaging studies are often small, and it is hard to tell which changes cause pain, which are caused by it, and which reflect things that often travel with pain, such as poor sleep, low mood or reduced activity. Encouragingly, several studies suggest that some of these brain differences lessen when pain is successfully treated.

Another important change involves the brain's own pain control. Healthy nervous systems constantly send signals down the spinal cord that can dampen incoming pain. In many chronic pain conditions, this braking system seems to work less effectively.

## Why This Is Hopeful

If the nervous system can learn to be more sensitive, it can also learn to calm down. This ability to change, known as neuroplasticity, is the basis of several approaches that help people with long-term pain:

- Learning how pain works, which can reduce fear and make movement feel safer.
- Graded activity and exercise that build confidence in small, steady steps.
- Improving sleep and managing stress, both of which influence pain sensitivity.
- Psychological therapies that change how the brain responds to pain signals.

None of these means the pain is "all in your head". It means the head, and the rest of the nervous system, is part of the solution.
""",
    },
    {
        "title": "Gentle Movement for a Stiff Lower Back",
        "slug": "gentle-movement-for-a-stiff-lower-back",
        "summary": (
            "A stiff lower back often feels better with gentle movement rather than rest. "
            "Five easy exercises to try at home, plus simple rules for pacing yourself "
            "and knowing when to stop."
        ),
        "category": "movement-and-exercise",
        "tags": ["back pain", "exercise", "self-care"],
        "days_ago": 7,
        "cover_alt": (
            "Soft diagonal bands of sage green and mint light drifting across a dark green gradient"
        ),
        "cover_palette": ("#23493f", "#9bd5a3"),
        "cover_motif": "stripes",
        "body": """Waking up with a stiff lower back is familiar to a great many people. The natural instinct is to keep still and wait for it to pass, but for most everyday back stiffness, gentle movement is more helpful than rest. This article offers a few simple movements to try and some guidance on doing them sensibly.

## Why Movement Helps

The spine is built to move. Gentle activity helps in several ways: it warms up muscles so they become more supple, it encourages fluid movement within the joints, and it increases blood flow to the surrounding tissues. Movement also sends reassuring signals to the nervous system. When a sore back is kept completely still, the brain can become more protective, and muscles may tighten further in response.

Long periods of bed rest are no longer recommended for most back pain. Staying as active as you comfortably can, and building up gradually, tends to lead to a quicker recovery than lying down for days.

## Five Gentle Movements to Try

Do these slowly, on a mat or a firm bed, breathing steadily throughout. Start with five repetitions of each and increase over several days if they feel comfortable.

1. **Pelvic tilts.** Lie on your back with your knees bent. Gently flatten your lower back into the floor by tightening your tummy muscles, hold for a few seconds, then relax.
2. **Knee rolls.** From the same position, keep your knees together and let them sway slowly to one side, then the other, only as far as feels easy.
3. **Single knee to chest.** Draw one knee gently towards your chest with your hands, hold for a breath or two, then swap legs.
4. **Cat and camel.** On your hands and knees, slowly round your back up towards the ceiling, then let it sink gently the other way.
5. **Short walks.** A few minutes of walking at an easy pace, repeated through the day, is one of the simplest ways to keep a back loose.

## Listening to Your Body

A little discomfort while moving a stiff back is normal and usually settles as you warm up. Sharp, shooting or steadily worsening pain is a signal to stop and try a smaller range of movement, or to leave that exercise for now.

Pacing matters more than intensity. It is better to do a small amount every day than a lot on a good day followed by several days of recovery. Many people find that spreading short bursts of movement across the day works better than one long session.

If your pain is severe, follows a fall or accident, spreads down your leg with numbness or weakness, or comes with any change in bladder or bowel control, see a doctor promptly. For back stiffness that keeps coming back, a physiotherapist can design a programme that suits you.
""",
    },
    {
        "title": "Sleep and Pain: A Two-Way Street",
        "slug": "sleep-and-pain-a-two-way-street",
        "summary": (
            "Pain makes it harder to sleep, and poor sleep makes pain feel worse. We look "
            "at how the two feed each other and at practical ways to break the cycle."
        ),
        "category": "neuroscience",
        "tags": ["sleep", "chronic pain", "nervous system", "stress"],
        "days_ago": 11,
        "cover_alt": (
            "Layered wave shapes in dusky blue and lavender, like rolling hills at night, "
            "beneath a dark navy gradient sky"
        ),
        "cover_palette": ("#14213d", "#8fa8dc"),
        "cover_motif": "waves",
        "body": """Ask anyone living with long-term pain about their sleep, and you will often hear the same story: it takes ages to drop off, they wake repeatedly, and mornings bring stiffness rather than rest. What is less widely known is that the relationship runs in both directions. Pain disturbs sleep, but poor sleep also makes the nervous system more sensitive to pain.

## How Pain Disrupts Sleep

Pain is designed to grab attention, and it does not switch off just because the lights do. Lying still can make stiff joints and muscles ache, and turning over may wake you. Worry about the next day, or about the pain itself, keeps the mind alert when it should be winding down.

Over time, the bed can become linked with discomfort and frustration rather than rest. This learned link is one reason sleep problems sometimes persist even when pain improves.

## How Poor Sleep Turns Pain Up

In laboratory studies, healthy volunteers who are kept from sleeping properly tend to become more sensitive to painful stimuli the next day. Lost sleep seems to affect the brain systems that normally dampen pain, and it also influences mood, attention and stress hormones, all of which shape how pain is experienced.

Studies that follow people over time suggest that poor sleep may predict worse pain later more strongly than pain predicts poor sleep, although both directions clearly matter. The encouraging implication is that improving sleep could be a practical way to ease pain, not just a pleasant side benefit.

## Breaking the Cycle

Small, consistent changes often help more than any single dramatic fix:

- Keep regular times for getting up and going to bed, including at weekends.
- Build a calm wind-down routine for the last hour of the evening, with dimmer lights and fewer screens.
- Get outside in daylight early in the day to help set your body clock.
- Cut back on caffeine after lunchtime and avoid using alcohol as a sleep aid.
- If you cannot sleep, get up and do something quiet elsewhere until you feel sleepy again.
- Gentle activity during the day, matched to what your body can manage, tends to improve sleep at night.

A structured talking therapy called cognitive behavioural therapy for insomnia has good evidence for improving sleep, including in people with chronic pain, and is often recommended before sleeping tablets. If pain keeps you awake most nights, talk to your doctor: adjusting the timing of pain treatment or looking for other causes of poor sleep, such as sleep apnoea, can make a real difference.
""",
    },
    {
        "title": "Cupping, Moxibustion and Gua Sha: What the Research Says",
        "slug": "cupping-moxibustion-and-gua-sha-what-the-research-says",
        "summary": (
            "Cupping marks, smouldering mugwort and scraping tools: three traditional "
            "therapies that have become popular again. What do they involve, and how "
            "strong is the evidence behind them?"
        ),
        "category": "traditional-medicine",
        "tags": ["traditional chinese medicine", "evidence", "muscle pain"],
        "days_ago": 15,
        "cover_alt": (
            "Overlapping translucent circles in coral and cream, some shown as fine rings, "
            "on a deep burgundy gradient"
        ),
        "cover_palette": ("#4a1c2c", "#f28f6b"),
        "cover_motif": "circles",
        "body": """Acupuncture is the best-known technique from traditional East Asian medicine, but it is far from the only one. Cupping, moxibustion and gua sha have all found new audiences in recent years, helped by athletes with tell-tale round marks on their shoulders. Here is a plain guide to each, and to what research can and cannot yet tell us.

## Cupping

In cupping, glass, silicone or plastic cups are placed on the skin and a partial vacuum is created, either by briefly warming the air inside or with a pump. The suction lifts the skin and underlying tissue. Cups may be left in place for several minutes or slid across oiled skin.

The circular marks left behind come from small blood vessels near the surface breaking under suction, a little like a bruise. They usually fade within a week or two. Claims that the marks show "toxins" being drawn out have no scientific support.

Trials of cupping for neck and back pain have often reported short-term improvements, but most have been small, and many could not hide from participants which treatment they received. That makes it hard to separate the effect of suction from the effect of attention, touch and expectation.

## Moxibustion

Moxibustion involves burning dried mugwort, called moxa, on or near the skin at acupuncture points. It may be shaped into small cones, rolled into a stick held just above the skin, or placed on the handle of an acupuncture needle. The aim is to warm the area, which in traditional theory helps to move qi and blood and expel cold.

Research has looked at moxibustion for a range of problems, including turning a baby in the breech position late in pregnancy, with mixed and inconclusive results. The most obvious risk is burns, so it should only be done by someone properly trained.

## Gua Sha

Gua sha uses a smooth-edged tool to scrape the skin firmly in long strokes, usually over the back, neck or limbs. This produces small red or purple spots, which are again caused by tiny blood vessels leaking under pressure. A few small studies have reported short-term changes in local blood flow and reduced neck pain, but the evidence remains limited.

## Reading the Evidence

Across all three therapies, the research has similar weaknesses: small numbers of participants, short follow-up and difficulty designing a convincing placebo. Some studies are promising, but few are strong enough to draw firm conclusions. If you want to try one of these treatments, choose a trained practitioner, mention any blood-thinning medicines or skin conditions, and treat it as one part of a wider plan rather than a stand-alone cure.
""",
    },
    {
        "title": "Understanding Trigger Points",
        "slug": "understanding-trigger-points",
        "summary": (
            "Those tender knots in tight muscles can send pain to unexpected places. What "
            "trigger points are, why scientists still argue about them, and which "
            "treatments may help."
        ),
        "category": "pain-management",
        "tags": ["trigger points", "muscle pain", "back pain", "acupuncture"],
        "days_ago": 19,
        "cover_alt": (
            "Thin needles with pale yellow handles slanting across a plum-to-gold "
            "gradient, each tip circled by faint rings"
        ),
        "cover_palette": ("#3b2f4a", "#f4d35e"),
        "cover_motif": "needles",
        "body": """If you have ever pressed on a sore spot in your shoulder and felt an ache spread up into your head, you may have met a trigger point. These small, tender areas in muscle are a common explanation for aches that do not seem to follow the usual rules, but they are also surprisingly controversial.

## What Is a Trigger Point?

A trigger point is usually described as a very sensitive spot within a tight band of muscle. Pressing it tends to reproduce a familiar ache, and the pain is often felt some distance away, a pattern known as referred pain. Points in the upper shoulder muscles, for instance, are often linked with headaches, while those in the buttock muscles can send pain into the back of the thigh or the lower back.

Trigger points are thought to develop after overload, sustained postures, injury or stress, and they are often described as part of a wider condition called myofascial pain. Many people notice that the affected muscle feels tight, tires easily and cannot stretch as far as usual.

## Why Scientists Still Debate Them

Despite being widely discussed, trigger points are not fully understood. One popular theory suggests that small sections of muscle become stuck in a contracted state, using up energy and releasing irritating chemicals that sensitise local nerves. Other researchers argue that the tenderness and referred pain are better explained by changes in the nervous system rather than by a distinct knot in the muscle.

Another difficulty is diagnosis. Studies have found that different examiners do not always agree on where trigger points are, which makes research harder to compare. There is, as yet, no simple test or scan that reliably shows them.

## Treatments That May Help

Because the underlying cause is uncertain, treatment focuses on easing pain and restoring comfortable movement. Common approaches include:

- Firm, sustained pressure on the tender spot, by a therapist or with a ball against a wall.
- Gentle stretching and heat to relax the surrounding muscle.
- Strengthening and gradually loading the muscle so it copes better with daily demands.
- Dry needling or acupuncture, in which fine needles are placed into the tender area.
- Looking at posture, work habits, sleep and stress that may keep muscles tense.

Research on these treatments shows short-term benefits in some studies, but results vary and the quality of evidence is often modest. Most people do best with a combination of hands-on treatment and active exercise. If a tender spot comes with swelling, redness, fever or unexplained weakness, see a doctor rather than assuming it is a trigger point.
""",
    },
    {
        "title": "Heat or Ice? Choosing the Right Cold and Warm Therapy",
        "slug": "heat-or-ice-choosing-the-right-cold-and-warm-therapy",
        "summary": (
            "Reach for the ice pack or the hot water bottle? A simple guide to when cold "
            "and warmth tend to help, how each works, and how to use them safely at home."
        ),
        "category": "pain-management",
        "tags": ["self-care", "muscle pain", "evidence"],
        "days_ago": 24,
        "cover_alt": (
            "Soft diagonal bands blending deep ocean blue into warm orange, with a few "
            "fine bright lines running alongside them"
        ),
        "cover_palette": ("#0f3b57", "#ef8354"),
        "cover_motif": "stripes",
        "body": """Cold packs and hot water bottles are among the oldest home remedies for aches and strains, and they remain popular because they are cheap, simple and often comforting. Choosing between them can be confusing, though, and the advice people hear is not always consistent.

## How Cold Works

Cold narrows the small blood vessels near the surface and slows the nerves that carry pain signals, which produces a welcome numbing effect. It is traditionally used in the first day or two after a sprain, strain or knock, with the aim of calming pain and limiting swelling.

Whether icing actually speeds recovery is less certain than once believed. Some researchers have questioned whether reducing the early inflammatory response is always helpful, since inflammation is part of healing. For short-term pain relief after a fresh injury, however, cold remains a reasonable and widely used choice.

## How Heat Works

Warmth widens blood vessels, increases local blood flow and helps tight muscles relax. It also changes the sensations reaching the spinal cord in a way that can ease pain. Heat is usually preferred for stiffness and for aches that have been around for a while rather than fresh injuries.

There is some trial evidence that continuous low-level heat, such as a heat wrap, gives modest short-term relief for recent low back pain and may make it easier to move. For long-standing aches, many people simply find warmth soothing, and that comfort is worth something in itself.

## A Quick Guide

| Situation | Often preferred | Why |
| --- | --- | --- |
| Fresh sprain, strain or knock (first day or two) | Cold | Numbs pain and may limit swelling |
| Stiff, achy muscles | Heat | Relaxes muscles and eases stiffness |
| Long-standing lower back pain | Heat | Warmth can make gentle movement easier |
| Soreness after unaccustomed exercise | Either | Use whichever feels more comfortable |
| Hot, swollen, irritated joint | Cold | Soothes a joint that already feels warm |

This is a rule of thumb rather than a strict prescription. If one option clearly feels better to you, that is a useful guide.

## Using Them Safely

- Wrap ice or cold packs in a thin cloth and apply for around 10 to 20 minutes at a time.
- Check that heat sources feel warm rather than hot, and never fall asleep on a heat pad.
- Avoid both on areas with reduced feeling, poor circulation or broken skin.
- People with diabetes, circulation problems or sensitive skin should take extra care and ask a health professional for advice.

If pain is severe, follows a significant injury, or is not improving after a few days, see a doctor or physiotherapist.
""",
    },
    {
        "title": "Why Walking Is Underrated Medicine for Pain",
        "slug": "why-walking-is-underrated-medicine-for-pain",
        "summary": (
            "Walking is free, flexible and kind to sore joints, yet it is easy to overlook. "
            "How regular walks can help with long-term pain, and how to start when "
            "moving hurts."
        ),
        "category": "movement-and-exercise",
        "tags": ["exercise", "chronic pain", "back pain", "sleep"],
        "days_ago": 29,
        "cover_alt": (
            "Gently rolling wave bands in honey yellow and olive, stacked like distant "
            "hills over a forest green gradient"
        ),
        "cover_palette": ("#2d4739", "#e9c46a"),
        "cover_motif": "waves",
        "body": """When people think about exercise for pain, they often picture specialised routines, gym equipment or classes. Walking rarely gets a mention, yet it may be one of the most useful and accessible forms of movement for people living with long-term pain, including back pain.

## What Walking Does for the Body

Walking gently loads the joints, spine and muscles in a rhythmic way that most bodies tolerate well. This regular, moderate loading helps keep tissues healthy and joints mobile. It also builds stamina, so daily tasks become less tiring and less likely to trigger a flare-up.

The benefits go beyond muscles and joints. Regular physical activity is linked with better mood, lower stress and improved sleep, all of which influence how strongly pain is felt. Walking outdoors adds daylight and a change of scene, and walking with a friend adds company, which can be surprisingly important when pain has narrowed someone's world.

For chronic low back pain in particular, several trials have found that walking programmes can produce improvements in pain and function similar to other forms of exercise. It is not a miracle cure, but it is a reasonable, low-cost starting point.

## Getting Started When It Hurts

The key is to begin from where you are, not from where you think you ought to be:

- Find a baseline: a distance or time you can walk on a bad day without a major flare afterwards.
- Walk that amount regularly, ideally on most days, even when you feel good.
- Increase gradually, by a minute or two every few days, rather than making big jumps.
- Expect some ups and downs. A mild increase in soreness that settles within a day is usually fine.

Comfortable, supportive shoes help, and a walking pole can add confidence. Flat routes with places to rest are a good choice to begin with.

## Making It a Habit

Linking walks to existing routines, such as after breakfast or during a lunch break, makes them easier to keep up. Some people like to track their time or steps to see progress that is otherwise easy to miss. Others prefer to focus on enjoyment and choose routes they look forward to.

If walking causes pain that spreads down a leg, severe breathlessness, chest pain or dizziness, stop and seek medical advice. A physiotherapist or doctor can also help you plan a programme if you are unsure where to begin.
""",
    },
    {
        "title": "Gate Control Theory: The Idea That Changed How We Think About Pain",
        "slug": "gate-control-theory-the-idea-that-changed-how-we-think-about-pain",
        "summary": (
            "Why does rubbing a bumped elbow make it feel better? The gate control theory "
            "offered an answer in the 1960s and reshaped pain science. Here is what it got "
            "right and what came after."
        ),
        "category": "neuroscience",
        "tags": ["nervous system", "chronic pain", "evidence"],
        "days_ago": 34,
        "cover_alt": (
            "A constellation of turquoise dots linked by thin lines, resembling a neural "
            "network, on a dark midnight-blue gradient"
        ),
        "cover_palette": ("#102a43", "#5fd3c6"),
        "cover_motif": "nodes",
        "body": """For a long time, pain was thought of rather like a bell pull: damage in the body tugged a cord, and a bell rang in the brain. The harder the pull, the louder the bell. This simple picture could not explain many everyday observations, such as soldiers feeling little pain from serious wounds in the heat of battle, or why rubbing a bumped elbow seems to take the sting away. In 1965, the researchers Ronald Melzack and Patrick Wall proposed an idea that helped explain such puzzles: the gate control theory of pain.

## The Idea in Brief

The theory suggested that signals travelling from the body to the brain pass through a kind of gate in the spinal cord. Signals from nerve fibres that carry pain can push the gate open, while signals from fibres that carry touch and pressure can help to close it. That is why rubbing a sore spot can ease it: the touch signals compete with the pain signals at the gate.

Crucially, the gate is also influenced from above. The brain sends signals down the spinal cord that can open or close the gate depending on attention, emotion and expectation. Pain, in this view, is not a fixed readout of injury but the result of constant negotiation between the body and the brain.

## What It Got Right, and What It Missed

Later research showed that the original wiring diagram was too simple, and some of its specific details have been revised. The broader message, however, has held up remarkably well. Pain signals really are modified in the spinal cord, and the brain really does exert powerful control over them through descending pathways.

The theory also encouraged new treatments. Transcutaneous electrical nerve stimulation, or TENS, uses a small device to send mild electrical pulses through the skin, partly inspired by the idea of closing the gate with harmless sensations. Evidence for TENS remains mixed, with some people finding it helpful and trials giving inconsistent results.

Melzack later extended his thinking with the idea of a widespread brain network that generates the experience of pain, which helped to explain phenomena such as pain felt in a limb that has been amputated.

## Why It Still Matters

The lasting legacy of gate control theory is the recognition that pain is shaped by many factors beyond tissue damage. Mood, attention, past experience and the meaning we give to a sensation all influence what we feel. This insight underpins much of modern pain care, from education and psychological approaches to the understanding that calming the nervous system can be as important as treating the body part that hurts.
""",
    },
    {
        "title": "Tai Chi and Qigong: Slow Movement for Long-Term Pain",
        "slug": "tai-chi-and-qigong-slow-movement-for-long-term-pain",
        "summary": (
            "Slow, flowing and gentle on the joints, tai chi and qigong blend movement with "
            "breathing and focus. What they involve and what research suggests about "
            "their benefits for long-term pain."
        ),
        "category": "movement-and-exercise",
        "tags": ["exercise", "traditional chinese medicine", "stress", "sleep"],
        "days_ago": 38,
        "cover_alt": (
            "Large overlapping translucent circles in soft lilac and white on a dusky "
            "violet gradient"
        ),
        "cover_palette": ("#3d2c4f", "#c9b6e4"),
        "cover_motif": "circles",
        "body": """Early in the morning in parks across China, and increasingly in community halls elsewhere, groups of people move together in slow, flowing sequences. Tai chi and qigong are traditional Chinese mind-body practices, and they have attracted growing research interest as gentle options for people with long-term pain.

## What They Involve

Tai chi began as a martial art and is practised as a series of continuous, graceful movements with shifting weight and soft, bent knees. Qigong is a broader family of practices that combine simpler repeated movements or postures with slow breathing and focused attention. In traditional terms, both aim to cultivate and balance qi.

From a modern perspective, they offer a blend of benefits that is unusual in a single activity: gentle strengthening, balance training, improved flexibility, relaxed breathing and a calm, focused state of mind. Because movements are slow and can be adapted to sitting or standing, they are often suitable for people who find other exercise difficult.

## What the Research Suggests

Trials have looked at tai chi and qigong for conditions such as knee osteoarthritis, fibromyalgia and chronic low back pain. Many have reported improvements in pain, physical function, mood and sleep, and some have found benefits similar to those of other recommended exercise programmes.

The studies vary in size and quality, and it is difficult to compare different styles and lengths of practice. Participants also know which activity they are doing, which makes placebo comparisons hard. Even so, the overall picture is encouraging, and the practices carry a low risk of harm when taught sensibly.

Part of the benefit may come from the calming effect on the nervous system. Slow breathing and focused attention can lower stress, and stress is closely linked to pain sensitivity.

## Getting Started

- Look for a beginners' class with an instructor who is used to working with people who have pain or limited mobility.
- Tell the instructor about any injuries or conditions so that movements can be adapted.
- Start with short sessions and practise little and often rather than for long stretches.
- Expect progress to be gradual; benefits in trials typically build over weeks of regular practice.

If you have a medical condition or are unsure whether it is suitable for you, check with your doctor or physiotherapist before starting.
""",
    },
]
