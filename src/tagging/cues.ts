/**
 * Hand-written cue phrases: how papers in the science of deep learning tend to phrase each kind of
 * contribution and each subfield. They are written from the field's usage, not fitted to the corpus; the
 * linear model learns how much each cue counts (a cue is one feature among the n-grams), and a sentence
 * that fires a cue is preferred as evidence.
 *
 * Patterns run on one lower-cased sentence with LaTeX flattened (see text.ts).
 */
import type { Label } from './taxonomy.js';

export interface Cue {
  readonly label: Label;
  /** A short name for the cue, used in its feature name and in debugging output. */
  readonly name: string;
  readonly pattern: RegExp;
}

const cue = (label: Label, name: string, pattern: RegExp): Cue => ({ label, name, pattern });

export const CUES: readonly Cue[] = [
  // ── contribution types ──────────────────────────────────────────────────────────────────────────────
  cue(
    'FALSIFICATION',
    'refutes',
    /\b(?:refut\w*|falsif\w*|disprov\w*|contradict\w*|rules? out|ruled out|debunk\w*|counter-?examples?)\b/,
  ),
  cue(
    'FALSIFICATION',
    'fails-to-explain',
    /\b(?:cannot|can ?not|could not|does not|do not|did not|fails? to|failed to|unable to|insufficient to|not sufficient to)\s+(?:\w+\s+){0,2}(?:explain\w*|account for|predict\w*|capture|be explained|hold)\b/,
  ),
  cue(
    'FALSIFICATION',
    'not-the-cause',
    /\b(?:is|are) not (?:the|a|what) (?:\w+ )?(?:cause|reason|explanation|source|driver|mechanism)|\bno (?:evidence|support) (?:for|that)|\bnot (?:necessary|required|needed) for\b|\bhas little to do with\b|\bunrelated to\b/,
  ),
  cue(
    'FALSIFICATION',
    'tests-hypothesis',
    /\b(?:test(?:s|ed|ing)?|examin\w+|scrutin\w+|revisit\w*|re-?examin\w+|evaluat\w+|assess\w*|prob(?:e|es|ed|ing)) (?:the |this |these |a |an |several |popular |common |existing |whether )?(?:\w+ ){0,3}(?:hypothes[ie]s|explanations?|claims?|theor(?:y|ies)|predictions?|proposals?|premises?|accounts?|arguments?)\b|\bcontrolled experiments?\b|\bsanity checks?\b|\basks? whether\b/,
  ),
  cue(
    'FALSIFICATION',
    'inconsistent',
    /\b(?:inconsistent with|incompatible with|not (?:captured|explained|predicted|supported) by|(?:is|are|was|were) rejected|do(?:es)? not survive|no longer holds?|breaks? down|unlikely (?:to|that)\b.{0,60}\b(?:explain|account)|(?:in contrast to|contrary to) (?:the |prior |previous |what )?(?:\w+ )?(?:hypothes|explanation|claim|prediction|theor))/,
  ),
  cue(
    'FALSIFICATION',
    'prior-explanation',
    /\b(?:has|have|had) been (?:explained|attributed|hypothesi[sz]ed|proposed|suggested|speculated|conjectured|argued|claimed|credited)\b|\b(?:prior|previous|recent|existing|earlier|popular) (?:\w+ ){0,2}(?:works?|studies|theor(?:y|ies)|accounts?|explanations?) (?:have |has )?(?:speculated|suggested|proposed|argued|claimed|attributed|explained|hypothesi[sz]ed|posit\w*)\b/,
  ),
  cue(
    'FALSIFICATION',
    'holds-up',
    /\b(?:holds? up|stands? up|do(?:es)? not hold|no longer (?:hold|appl)\w*)\b/,
  ),
  cue(
    'CHALLENGED_ASSUMPTION',
    'common-belief',
    /\b(?:common|popular|conventional|widely[- ]held|widely[- ]used|widespread|prevailing|standard|traditional|usual|long-held|textbook|folk|received|intuitive) (?:\w+ )?(?:belief|wisdom|assumption|view|intuition|understanding|narrative|practice|notion|explanation|picture|expectation|argument|premise)s?\b/,
  ),
  cue(
    'CHALLENGED_ASSUMPTION',
    'it-is-believed',
    /\b(?:commonly|widely|often|generally|usually|typically|previously|long|traditionally|normally) (?:been )?(?:believed|assumed|thought|held|accepted|expected|argued|considered|feared|regarded|credited|equated|attributed)\b|\bit is (?:believed|assumed|thought)\b|\b(?:than|as) (?:previously |commonly |widely |often )?(?:expected|assumed|believed|thought)\b/,
  ),
  cue(
    'CHALLENGED_ASSUMPTION',
    'surprisingly',
    /\b(?:surprising(?:ly)?|counter-?intuitive(?:ly)?|unexpected(?:ly)?|remarkabl[ey]|striking(?:ly)?|paradox\w*|puzzl\w+|mystery|myths?|misconceptions?)\b/,
  ),
  cue(
    'CHALLENGED_ASSUMPTION',
    'contrary-to-belief',
    /\b(?:contrary to|at odds with|against|despite) (?:the |a |an |what )?(?:\w+ ){0,2}(?:beliefs?|views?|intuitions?|expectations?|assumptions?|hopes?|wisdom|pictures?|reports?|claims?|is often assumed|is commonly)\b/,
  ),
  cue(
    'CHALLENGED_ASSUMPTION',
    'rethink',
    /\b(?:rethink\w*|(?:question|challeng|overturn|revisit|undermin)\w* (?:the |a |an |this |that )?(?:\w+ ){0,3}(?:belief|view|assumption|picture|intuition|practice|argument|wisdom|notion|premise|threat model|expectation|need|value|role)s?|(?:call|calls|called|calling) (?:\w+ ){0,6}into question|is not (?:necessarily )?(?:as|what) (?:\w+ )?(?:it seems|previously thought|believed))\b/,
  ),
  cue(
    'REGULARITY',
    'power-law',
    /\b(?:power[- ]laws?|scaling laws?|scales? (?:predictably|smoothly|linearly|as a power)|log-?linear|follows? a (?:\w+ )?(?:law|trend|curve)|predictabl[ey])\b/,
  ),
  cue(
    'REGULARITY',
    'across-settings',
    /\b(?:consistent(?:ly)? across|holds? (?:across|for|in) (?:a )?(?:wide|broad|many|all|various|diverse)|across (?:a )?(?:wide|broad) (?:range|variety)|across (?:many |various |different |diverse |all |every )?(?:architectures|datasets|model sizes|scales|tasks|settings|domains|modalities|models|seeds)|robust(?:ly)? (?:across|to the choice)|universal\w*|in every (?:\w+ )?(?:architecture|model|dataset|setting|workload|task))\b/,
  ),
  cue(
    'REGULARITY',
    'consistently',
    /\b(?:consistent(?:ly)?(?! with)|recur\w*|reproducible|systematic(?:ally)?|stable across|the same (?:\w+ ){0,3}(?:across|in every|for all|recurs?))\b/,
  ),
  cue('REGULARITY', 'phenomenon-word', /\b(?:phenomen(?:on|a)|regularit(?:y|ies))\b/),
  cue(
    'REGULARITY',
    'we-observe-pattern',
    /\b(?:empirical (?:law|trend|relationship|observation|finding)s?|we (?:observe|find|identify|document|characteri[sz]e|uncover|report) (?:that |a |an |the |two |three |several |this )?(?:\w+ )?(?:phenomen|pattern|trend|relationship|regime|transition|correlation|effect|curve))/,
  ),
  cue(
    'REGULARITY',
    'correlation',
    /\b(?:strong(?:ly)? (?:linear(?:ly)? )?correlat\w*|linear(?:ly)? (?:correlat\w*|related|relationship|trend|function)|tightly coupled|closely tracks?|predicts? (?:well|accurately)|(?:double|triple|epoch-wise|sample-wise) descent|phase transitions?|edge of stability|(?:grows?|decays?|increases?|decreases?|scales?|falls?|rises?|drops?|improves?) (?:roughly |approximately |linearly |smoothly |monotonically |logarithmically |predictably )?(?:as|like|in proportion to|linearly|smoothly|monotonically|logarithmically))\b/,
  ),
  cue(
    'CONJECTURE',
    'conjecture',
    /\b(?:conjectur\w*|(?:we )?hypothesi[sz]e(?:s|d)? that|we hypothesi[sz]e|postulat\w*|speculat\w*|we posit|posits?)\b/,
  ),
  cue('CONJECTURE', 'hypothesis-noun', /\bhypothes[ie]s\b/),
  cue(
    'CONJECTURE',
    'we-propose-that',
    /\b(?:propos|put forward|offer)\w* (?:that|the (?:\w+ )?hypothesis|a (?:\w+ )?(?:hypothesis|explanation|mechanism|picture)|an? (?:\w+ )?(?:explanation|account))\b/,
  ),
  cue(
    'CONJECTURE',
    'argues',
    /\b(?:argu\w+ (?:that|instead)|we (?:believe|suspect)|(?:may|might|could) (?:explain|underlie|be (?:the|a) (?:key|cause|reason))|(?:explanation|account) for (?:why|the|this))\b/,
  ),
  // ── subfields ───────────────────────────────────────────────────────────────────────────────────────
  cue(
    'IN_CONTEXT_LEARNING',
    'icl',
    /\b(?:in-?context|few-?shot (?:prompt|learn|demonstr)\w*|demonstrations?|induction heads?|prompt(?:s|ing)?|exemplars?|meta-?learn\w*|task vectors?)\b/,
  ),
  cue(
    'GENERATIVE_MODEL_GENERALIZATION',
    'generative',
    /\b(?:diffusion models?|generative (?:models?|adversarial)|gans?|score-based|image generat\w+|text-to-image|(?:training )?data extraction|extract\w* (?:training|memori[sz]ed)|verbatim|regurgitat\w+|replicat\w+ (?:training|images?)|cop(?:y|ies|ying) (?:training|from)|synthetic data|model collapse|generated (?:data|samples|text|images))\b/,
  ),
  cue(
    'INDUCTIVE_BIASES',
    'bias',
    /\b(?:inductive bias\w*|implicit (?:bias|regulari[sz]\w*)|simplicity bias|spectral bias|shape bias|texture bias|minimum[- ]norm|max(?:imum)?[- ]margin|low[- ]rank (?:solutions?|bias)|simple functions?|shortcut\w*|lazy (?:training|regime)|neural tangent kernel|kernel regime|rich regime|feature learning regime)\b/,
  ),
  cue(
    'MECHANISTIC_INTERPRETABILITY',
    'internals',
    /\b(?:interpretab\w+|circuits?|neurons?|probe[sd]?|probing|attention heads?|superposition|sparse autoencoders?|dictionary learning|activation (?:patching|steering)|causal (?:tracing|intervention|mediation|abstraction)s?|saliency|attribution|feature visuali[sz]\w*|linear representations?|residual stream|reverse[- ]engineer\w*|mechanistic\w*)\b/,
  ),
  cue(
    'LOSS_LANDSCAPES',
    'geometry',
    /\b(?:loss (?:landscapes?|surfaces?|geometry|basins?|barriers?)|landscapes?|sharpness|sharp (?:minima|minimizers)|flat (?:minima|minimizers|regions)|flatness|hessian\w*|curvature|mode connectivity|linear(?:ly)? (?:mode )?connect\w*|loss barriers?|saddle points?|basins?|eigen(?:value|spectrum|spectra)\w*)\b/,
  ),
  cue(
    'TRAINING_DYNAMICS',
    'dynamics',
    /\b(?:training dynamics|learning dynamics|learning rates?|step sizes?|batch sizes?|large[- ]batch|small[- ]batch|grokking|edge of stability|early (?:phase|stage|period)s? of training|critical (?:learning )?periods?|warm-?up|catapult|sgd noise|gradient noise|during training|over the course of training|trajectory|trajectories|phases? of (?:training|learning)|(?:plateaus?|loss spikes?)|optimi[sz]ers?)\b/,
  ),
  cue(
    'REPRESENTATIONS_AND_WEIGHTS',
    'representations',
    /\b(?:representation(?:al)? similarit\w*|similarity of (?:\w+ )?representations|canonical correlation|\bcca\b|\bcka\b|svcca|transfer(?:ability| learning|able features)|fine-?tun\w+|pruning|pruned|sparse (?:sub)?networks?|lottery tickets?|winning tickets?|weight (?:averag\w+|space|matrices)|model (?:merging|soups?)|merg\w+ models|task (?:arithmetic|vectors)|(?:learned|hidden|internal) representations|intrinsic dimension\w*)\b/,
  ),
  cue(
    'SCALING_LAWS',
    'scaling',
    /\b(?:scaling (?:laws?|behaviou?r|curves?|exponents?)|power[- ]law|compute[- ]optimal|compute budgets?|model size|number of parameters|parameter count|dataset size|amount of (?:data|compute)|(?:larger|bigger) models|emergent (?:abilities|capabilities|behaviou?r)|(?:scale|scaling) (?:up|model|data|compute))\b/,
  ),
  cue(
    'ADVERSARIAL_ROBUSTNESS',
    'adversarial',
    /\b(?:(?<!generative )adversarial\w*|perturbations?|robustness|robust (?:models?|training|accuracy|classifiers?)|attacks?|distribution shifts?|out-of-distribution|ood|corruptions?|certified|imperceptible|natural (?:distribution )?shifts?|spurious)\b/,
  ),
  cue(
    'GENERALIZATION_AND_MEMORIZATION',
    'generalization',
    /\b(?:generali[sz]ation (?:gap|error|bounds?|measures?|performance|puzzle|theory)|generali[sz]e[sd]? (?:well|poorly)|memori[sz]\w+|random labels?|label noise|over-?parameteri[sz]\w+|overfit\w*|interpolat\w+|bias-variance|double descent|pac-bayes\w*|uniform convergence|vc[- ]dimension|rademacher|norm-based|margin bounds?|benign overfitting|test error|held-out)\b/,
  ),
];

/** Which cues fire on a lower-cased sentence. */
export function firedCues(sentence: string): Cue[] {
  const lower = sentence.toLowerCase();
  return CUES.filter((c) => c.pattern.test(lower));
}
