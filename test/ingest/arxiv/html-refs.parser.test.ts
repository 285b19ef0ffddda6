import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../../ingest/errors.js';
import {
  ARXIV_HTML_SOURCE,
  extractReferences,
  type HtmlReferences,
  MAX_CONTEXT_CHARS,
  MAX_HTML_BYTES,
  NotArticleHtmlError,
  referencesToCitations,
  splitSentences,
} from '../../../ingest/sources/arxiv/html-refs.parser.js';
import { citationRecordSchema } from '../../../src/domain/records.js';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/arxiv/html');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const ARTICLE = fixture('article_2412.99999v1.html');
const AR5IV = fixture('ar5iv_1307.9999.html');

const byId = (refs: HtmlReferences) => new Map(refs.references.map((ref) => [ref.bibId, ref]));

/** A minimal LaTeXML article around a body and a bibliography, for cases the fixtures do not show. */
function article(body: string, bibliography = ''): string {
  return `<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>
<div class="ltx_page_main"><div class="ltx_page_content"><article class="ltx_document">
<h1 class="ltx_title ltx_title_document">A test document</h1>
<section class="ltx_section" id="S1">${body}</section>
${bibliography ? `<section class="ltx_bibliography" id="bib"><ul class="ltx_biblist">${bibliography}</ul></section>` : ''}
</article></div></div></body></html>`;
}

const para = (html: string) =>
  `<div class="ltx_para" id="S1.p1"><p class="ltx_p" id="S1.p1.1">${html}</p></div>`;
const cite = (n: number, label = String(n)) =>
  `<cite class="ltx_cite ltx_citemacro_cite">[<a class="ltx_ref" href="#bib.bib${n}" title="">${label}</a>]</cite>`;
const item = (n: number, ...blocks: string[]) =>
  `<li class="ltx_bibitem" id="bib.bib${n}"><span class="ltx_tag ltx_role_refnum ltx_tag_bibitem">[${n}]</span>${blocks
    .map((block) => `<span class="ltx_bibblock">${block}</span>`)
    .join('\n')}</li>`;

describe(extractReferences.name, () => {
  describe('on an arxiv.org/html article (author–year citations, absolute links)', () => {
    const refs = extractReferences(ARTICLE);
    const ref = byId(refs);

    it('should find every bibliography item, in order', () => {
      expect(refs.references.map((r) => r.bibId)).toEqual(
        Array.from({ length: 12 }, (_, i) => `bib.bib${i + 1}`),
      );
    });

    it('should read arXiv ids and DOIs in every spelling, canonical and without version', () => {
      const ids = Object.fromEntries(
        refs.references.map((r) => [r.bibId, { arxivId: r.arxivId, doi: r.doi }]),
      );
      expect(ids).toEqual({
        // arxiv.org/abs link and a doi.org link with a "doi:" label
        'bib.bib1': { arxivId: '1812.11118', doi: '10.1073/pnas.1903070116' },
        // "arXiv preprint arXiv:…" in an emphasised block
        'bib.bib2': { arxivId: '2412.99999', doi: undefined },
        // "arXiv:…" after an OpenReview URL (which is not an id of ours)
        'bib.bib3': { arxivId: '1803.03635', doi: undefined },
        // DOI as plain text only
        'bib.bib4': { arxivId: undefined, doi: '10.1162/neco.1997.9.8.1735' },
        'bib.bib5': { arxivId: '2203.15556', doi: undefined },
        // arXiv's own DataCite DOI is an arXiv id, not a DOI
        'bib.bib6': { arxivId: '2001.08361', doi: undefined },
        // neither
        'bib.bib7': { arxivId: undefined, doi: undefined },
        // DOI as a doi.org link only
        'bib.bib8': { arxivId: undefined, doi: '10.1109/5.726791' },
        // "CoRR, abs/…"
        'bib.bib9': { arxivId: '1312.6199', doi: undefined },
        // old-style id
        'bib.bib10': { arxivId: 'physics/0004057', doi: undefined },
        // with a version
        'bib.bib11': { arxivId: '1611.03530', doi: undefined },
        'bib.bib12': { arxivId: undefined, doi: '10.1145/3446776' },
      });
    });

    it('should guess titles and years', () => {
      expect(refs.references.map((r) => [r.title, r.year])).toEqual([
        ['Reconciling modern machine-learning practice and the classical bias–variance trade-off', 2019],
        [
          'Memorization, sparsity and scale: A reading guide to generalization in deep networks (extended version)',
          2024,
        ],
        ['The lottery ticket hypothesis: Finding sparse, trainable neural networks', 2019],
        ['Long short-term memory', 1997],
        ['Training compute-optimal large language models', 2022],
        ['Scaling laws for neural language models', 2020],
        ['ImageNet classification with deep convolutional neural networks', 2012],
        ['Gradient-based learning applied to document recognition', 1998],
        ['Intriguing properties of neural networks', 2013],
        ['The information bottleneck method', 2000],
        ['Understanding deep learning requires rethinking generalization', 2017],
        ['Understanding deep learning (still) requires rethinking generalization', 2021],
      ]);
    });

    it('should keep the raw text of each item without its label, whitespace collapsed', () => {
      expect(ref.get('bib.bib5')?.raw).toBe(
        'Jordan Hoffmann, Sebastian Borgeaud, Arthur Mensch, Elena Buchatskaya, Trevor Cai, Eliza Rutherford, ' +
          'Diego de Las Casas, Lisa Anne Hendricks, Johannes Welbl, Aidan Clark, et al. ' +
          'Training compute-optimal large language models. arXiv preprint arXiv:2203.15556, 2022.',
      );
      expect(ref.get('bib.bib7')?.raw).toBe(
        'Alex Krizhevsky, Ilya Sutskever, and Geoffrey E. Hinton. ImageNet classification with deep ' +
          'convolutional neural networks. In Advances in Neural Information Processing Systems, volume 25, ' +
          'pp. 1097–1105, 2012.',
      );
    });

    it('should give each cited item the sentences citing it, in document order', () => {
      const contexts = Object.fromEntries(refs.references.map((r) => [r.bibId, r.contexts]));
      const multi =
        'Pruning studies found sparse subnetworks that train to full accuracy from their original ' +
        'initialization (Frankle & Carbin, 2019), and scaling studies fit the loss as a power law in ' +
        'parameters, data and compute (Kaplan et al., 2020; Hoffmann et al., 2022).';
      expect(contexts).toEqual({
        'bib.bib1': [
          // "e.g." and "Fig." before a capital and a digit, and a decimal, do not end the sentence
          'The double-descent curve of Belkin et al. (2019) places this observation on a single axis, ' +
            'e.g. Fig. 1 plots test error against width for a model that interpolates at 0.5 of the largest width.',
          // figure caption, its "Figure 1:" label left out
          'Test error against network width, in the setting of Belkin et al. (2019).',
        ],
        'bib.bib2': [
          'An extended version of this guide, with every plot, is available separately (Example & Sample, 2024).',
        ],
        'bib.bib3': [
          multi,
          // list item; initials do not end the sentence
          'Sparsity: the winning tickets found by J. Frankle and M. Carbin (Frankle & Carbin, 2019) in deeper ' +
            'convolutional networks appear only with learning-rate warmup.',
          // appendix after the bibliography; "!" ends the sentence
          'Readers new to the topic may start with the pruning paper (Frankle & Carbin, 2019), which needs the least background!',
        ],
        'bib.bib4': [],
        'bib.bib5': [
          multi,
          // "cf." and "Eq." before a digit
          'Compute-optimal training: Hoffmann et al. (2022) grow tokens and parameters in equal proportion, cf. Eq. 1 below.',
        ],
        'bib.bib6': [
          multi,
          // math as its LaTeX alttext, not MathML
          'Loss against parameters: Kaplan et al. (2020) report L(N)\\propto N^{-0.076} for language models trained to convergence.',
          // a sentence running through a display equation, its number "(1)" left out
          'For a compute budget C, the later study puts the optimal model size and token count at ' +
            'N_{\\mathrm{opt}}\\propto C^{0.5},\\quad D_{\\mathrm{opt}}\\propto C^{0.5} which departs from the ' +
            'steeper growth in model size preferred by Kaplan et al. (2020).',
        ],
        'bib.bib7': [
          'Convolutional baselines of this kind go back a long way, from digit recognition (LeCun et al., 1998) ' +
            'to large-scale image classification (Krizhevsky et al., 2012).',
        ],
        'bib.bib8': [
          'Convolutional baselines of this kind go back a long way, from digit recognition (LeCun et al., 1998) ' +
            'to large-scale image classification (Krizhevsky et al., 2012).',
        ],
        // footnote: its own sentence, without the footnote mark
        'bib.bib9': [
          'Adversarial examples (Szegedy et al., 2013) show a different kind of fragility and are not discussed further.',
        ],
        // the sentence after the footnote, without the footnote's text
        'bib.bib10': [
          'Results on memorization also connect to older information-theoretic views of learning (Tishby et al., 2000).',
        ],
        'bib.bib11': [
          // also in the conclusion, with other line breaks: kept once
          'Large networks can fit a training set whose labels were replaced by noise, and the same networks still ' +
            'generalize when the labels are real (Zhang et al., 2017).',
          // "i.e." before a capital does not end the sentence
          'The randomization test of Zhang et al. (2017) trains standard architectures on CIFAR-10, i.e. Inception, ' +
            'AlexNet and multilayer perceptrons, on labels drawn at random; the training error still reaches zero.',
          // cited twice in one sentence: kept once
          'The memorization experiments of Zhang et al. (2017) used no explicit regularization, and Zhang et al. ' +
            '(2017) also report that explicit regularizers such as weight decay do not prevent the fit.',
        ],
        // the sentence before the footnote, which ends it
        'bib.bib12': ['Their later article repeats the argument for a wider audience (Zhang et al., 2021).'],
      });
    });

    it('should keep contexts readable and bounded', () => {
      const all = refs.references.flatMap((r) => r.contexts);
      for (const context of all) {
        expect(context.length).toBeLessThanOrEqual(MAX_CONTEXT_CHARS);
        expect(context).not.toMatch(/italic_|POSTSUPERSCRIPT|proportional-to|\s{2}|^\s|\s$|\u200b|\u2029/);
      }
    });

    it('should report citations LaTeXML could not resolve', () => {
      expect(refs.problems).toEqual(['1 citation(s) LaTeXML could not resolve: robustscaling2023']);
    });
  });

  describe('on an ar5iv page (numeric citations, relative links)', () => {
    const refs = extractReferences(AR5IV);
    const ref = byId(refs);

    it('should read every item, one-block styles included', () => {
      expect(
        refs.references.map(({ bibId, arxivId, doi, title, year }) => ({ bibId, arxivId, doi, title, year })),
      ).toEqual([
        {
          bibId: 'bib.bib1',
          arxivId: '1206.5538',
          doi: undefined,
          title: 'Representation learning: A review and new perspectives',
          year: 2012,
        },
        {
          bibId: 'bib.bib2',
          arxivId: undefined,
          doi: '10.1162/neco.2006.18.7.1527',
          title: 'A fast learning algorithm for deep belief nets',
          year: 2006,
        },
        {
          bibId: 'bib.bib3',
          arxivId: '1207.0580',
          doi: undefined,
          title: 'Improving neural networks by preventing co-adaptation of feature detectors',
          year: 2012,
        },
        {
          bibId: 'bib.bib4',
          arxivId: undefined,
          doi: undefined,
          // quoted title in one block
          title: 'ImageNet classification with deep convolutional neural networks',
          year: 2012,
        },
        {
          bibId: 'bib.bib5',
          arxivId: undefined,
          doi: undefined,
          // authors. title. venue. in one block
          title: 'Gradient-based learning applied to document recognition',
          year: 1998,
        },
        {
          bibId: 'bib.bib6',
          // old-style id in an arxiv.org/abs link
          arxivId: 'physics/0004057',
          doi: undefined,
          title: 'The information bottleneck method',
          year: 1999,
        },
      ]);
      expect(refs.problems).toEqual([]);
    });

    it('should cut the sentences around bracketed numeric citations', () => {
      expect(ref.get('bib.bib4')?.contexts).toEqual([
        'Deep convolutional networks trained on GPUs [4] and, earlier, networks pre-trained one layer at a time [2] ' +
          'set new records on several vision benchmarks.',
        // "et al." before a bracket, and initials, do not end the sentence
        'Krizhevsky et al. [4] also used dropout, proposed by G. E. Hinton and co-authors [3], to limit overfitting ' +
          'in the fully connected layers.',
      ]);
      expect(ref.get('bib.bib3')?.contexts).toEqual([
        'Krizhevsky et al. [4] also used dropout, proposed by G. E. Hinton and co-authors [3], to limit overfitting ' +
          'in the fully connected layers.',
        'Following [3], we drop each hidden unit with probability p=0.5 during training.',
      ]);
      expect(ref.get('bib.bib1')?.contexts).toEqual(ref.get('bib.bib6')?.contexts);
      expect(ref.get('bib.bib6')?.contexts).toEqual([
        'Reviews and information-theoretic accounts [1, 6] place these methods within representation learning more broadly.',
      ]);
    });

    it('should read citations in table captions and table cells', () => {
      expect(ref.get('bib.bib5')?.contexts).toEqual([
        'The baseline is a two-layer variant of LeNet-5 [5], trained on MNIST without pre-training.',
        'Models compared, with the source of each baseline [5].',
        'LeNet-5 [5]',
      ]);
    });
  });

  it('should read an article without a bibliography as zero references', () => {
    expect(extractReferences(fixture('no_bibliography_2412.99998v1.html'))).toEqual({
      references: [],
      problems: [],
    });
  });

  describe('on pages that are not articles', () => {
    it('should refuse arXiv\'s "No HTML" page served as a normal document', () => {
      const html = fixture('no_html_2412.99997v1.html');
      expect(() => extractReferences(html)).toThrow(NotArticleHtmlError);
      try {
        extractReferences(html);
      } catch (error) {
        expect(error).toBeInstanceOf(NonRetryableError);
        expect(error).toMatchObject({ reason: 'no-html', headline: "No HTML for '2412.99997v1'" });
      }
    });

    it.each([
      ['an empty body', '  \n ', 'empty'],
      ['JSON', '{"error": "not found"}', 'not-latexml'],
      [
        'an ordinary web page',
        '<html><head><title>Hello</title></head><body><p>Hi.</p></body></html>',
        'not-latexml',
      ],
      [
        "ar5iv's missing-document page",
        '<html><head><title>404 - No such document!</title></head><body><div class="ltx_page_main"><article class="ltx_document"><h1 class="ltx_title ltx_title_document">No document for <span class="ltx_font_bold">1307.9998</span></h1><section class="ltx_section"><div class="ltx_para"><p class="ltx_p">Try later.</p></div></section></article></div></body></html>',
        'not-found',
      ],
      [
        "ar5iv's empty conversion",
        '<html><head><title>No content available</title></head><body><div class="ltx_page_main">No content available</div></body></html>',
        'conversion-failed',
      ],
      [
        'a fatal conversion with nothing else',
        '<html><body><div class="ltx_document"><div class="ltx_para"><div class="ltx_p"><span class="ltx_ERROR">Conversion to HTML had a Fatal error and exited abruptly. This document may be truncated or damaged.</span></div></div></div></body></html>',
        'conversion-failed',
      ],
      [
        'a withdrawn version',
        '<html><body><h1>This version of 2412.99996v2 has been withdrawn and is unavailable</h1></body></html>',
        'withdrawn',
      ],
    ])('should refuse %s', (_, html, reason) => {
      expect(() => extractReferences(html)).toThrow(expect.objectContaining({ reason }));
    });

    it('should read a truncated (fatal) conversion that still has content, and say so', () => {
      const html = article(
        para(`Dropout was proposed earlier ${cite(1)}.`),
        item(1, 'G. E. Hinton et al.', 'Improving neural networks.', 'arXiv:1207.0580, 2012.'),
      ).replace(
        '</article>',
        '<div class="ltx_document"><div class="ltx_para"><div class="ltx_p"><span class="ltx_ERROR">Conversion to HTML had a Fatal error and exited abruptly. This document may be truncated or damaged.</span></div></div></div></article>',
      );
      const refs = extractReferences(html);
      expect(refs.references[0]).toMatchObject({
        arxivId: '1207.0580',
        contexts: ['Dropout was proposed earlier [1].'],
      });
      expect(refs.problems).toEqual([
        'the LaTeXML conversion ended with a Fatal error: the document may be truncated',
      ]);
    });
  });

  describe('size cap', () => {
    it('should refuse a page over MAX_HTML_BYTES before parsing it', () => {
      const huge = `<html><body>${'x'.repeat(MAX_HTML_BYTES)}</body></html>`;
      expect(() => extractReferences(huge)).toThrow(/over the 20971520-byte cap/);
      expect(() => extractReferences(huge)).not.toThrow(NotArticleHtmlError);
    });

    it('should count bytes, not characters, against a custom cap', () => {
      const html = article(para('ü'.repeat(300)));
      expect(() => extractReferences(html, { maxBytes: html.length + 100 })).toThrow(NonRetryableError);
      expect(extractReferences(html, { maxBytes: html.length + 400 }).references).toEqual([]);
    });
  });

  describe('on hand-made cases', () => {
    it('should read identifiers written in other ways', () => {
      const refs = extractReferences(
        article(
          '',
          [
            item(
              1,
              'G. Perelman.',
              'The entropy formula for the Ricci flow and its geometric applications.',
              'arXiv: math.DG/0211159, 2002.',
            ),
            item(2, 'A. B. Author.', 'A paper.', 'arXiv e-prints, 1706.03762v5, 2017.'),
            item(
              3,
              'A. B. Author.',
              'Another paper.',
              'Journal, https://doi.org/10.1016/S0140-6736(20)30183-5.',
            ),
            item(
              4,
              'A. B. Author.',
              'Third paper.',
              '<a href="https://dl.acm.org/doi/abs/10.1145/3446776">ACM</a>, 2021.',
            ),
            item(5, 'A. B. Author.', 'Fourth paper.', 'Tech report 2024.1234, pp. 1–9, 2024.'),
            item(
              6,
              'A. B. Author.',
              'Fifth paper.',
              '<a href="https://arxiv.org/pdf/2301.12345v2.pdf">PDF</a>',
            ),
          ].join(''),
        ),
      );
      expect(refs.references.map((r) => [r.arxivId, r.doi])).toEqual([
        ['math/0211159', undefined],
        ['1706.03762', undefined],
        [undefined, '10.1016/s0140-6736(20)30183-5'],
        [undefined, '10.1145/3446776'],
        // a number shaped like an id but no mention of arXiv: not an id
        [undefined, undefined],
        ['2301.12345', undefined],
      ]);
    });

    it('should read bibliographies LaTeXML made from a .bib file, without the "Cited by" block', () => {
      const refs = extractReferences(
        article(
          para(`Attention replaces recurrence ${cite(1, 'Vaswani et al.')}.`),
          `<li class="ltx_bibitem ltx_bib_inproceedings" id="bib.bib1"><span class="ltx_tag ltx_bib_key ltx_role_refnum ltx_tag_bibitem">1</span>
<span class="ltx_bibblock"><span class="ltx_text ltx_bib_author">A. Vaswani, N. Shazeer, N. Parmar, et al.</span> (<span class="ltx_text ltx_bib_year">2017</span>)</span>
<span class="ltx_bibblock"><span class="ltx_text ltx_bib_title">Attention is all you need</span>.</span>
<span class="ltx_bibblock"><a class="ltx_ref ltx_bib_external" href="https://arxiv.org/abs/1706.03762">Link</a></span>
<span class="ltx_bibblock ltx_bib_cited">Cited by: <a class="ltx_ref" href="#S1">§1</a>.</span></li>`,
        ),
      );
      expect(refs.references).toEqual([
        {
          bibId: 'bib.bib1',
          arxivId: '1706.03762',
          title: 'Attention is all you need',
          year: 2017,
          raw: 'A. Vaswani, N. Shazeer, N. Parmar, et al. (2017) Attention is all you need. Link',
          contexts: ['Attention replaces recurrence [Vaswani et al.].'],
        },
      ]);
    });

    it('should report dangling citations, items without ids and duplicate ids', () => {
      const refs = extractReferences(
        article(
          para(`One ${cite(1)}. Two ${cite(9)}.`),
          `${item(1, 'X. First.')}${item(1, 'Y. Again.')}<li class="ltx_bibitem"><span class="ltx_bibblock">Z. No id.</span></li>`,
        ),
      );
      expect(refs.references.map((r) => [r.bibId, r.contexts])).toEqual([
        ['bib.bib1', ['One [1].']],
        ['bib.bib1', []],
        ['bibitem-3', []],
      ]);
      expect(refs.problems).toEqual([
        'duplicate bibliography id bib.bib1; citations go to the first',
        'bibliography item 3 has no id; cannot be cited, called bibitem-3',
        '#bib.bib9 is cited 1 time(s) but no bibliography item has that id',
      ]);
    });

    it('should cut a very long sentence to a window around the citation', () => {
      const filler = Array.from({ length: 150 }, (_, i) => `word${i}`).join(' ');
      const refs = extractReferences(
        article(
          para(`Start ${filler} cited here ${cite(1)} and then ${filler} end.`),
          item(1, 'X. Y.', 'Title here.'),
        ),
      );
      const [context] = refs.references[0]?.contexts ?? [];
      expect(context?.length).toBeLessThanOrEqual(MAX_CONTEXT_CHARS);
      expect(context).toMatch(/^….*cited here \[1\] and then .*…$/);
    });

    it('should use the TeX annotation of a formula without alttext', () => {
      const math =
        '<math class="ltx_Math" display="inline"><semantics><mi>x</mi><annotation encoding="application/x-tex">x^{2}</annotation></semantics></math>';
      const refs = extractReferences(
        article(para(`We square ${math} as in ${cite(1)}.`), item(1, 'X. Y.', 'Title here.')),
      );
      expect(refs.references[0]?.contexts).toEqual(['We square x^{2} as in [1].']);
    });
  });
});

describe(splitSentences.name, () => {
  it.each([
    [
      'et al.',
      'As Kaplan et al. (2020) show, loss falls. Next one.',
      ['As Kaplan et al. (2020) show, loss falls.', 'Next one.'],
    ],
    [
      'e.g. and i.e.',
      'Some models, e.g. ResNet, i.e. CNNs, work. Others fail.',
      ['Some models, e.g. ResNet, i.e. CNNs, work.', 'Others fail.'],
    ],
    [
      'Fig., Eq., Sec.',
      'See Fig. 2 and Eq. 3 in Sec. 4 for details. Done.',
      ['See Fig. 2 and Eq. 3 in Sec. 4 for details.', 'Done.'],
    ],
    [
      'decimals',
      'The rate was 0.5 and then 1.25 percent. It fell.',
      ['The rate was 0.5 and then 1.25 percent.', 'It fell.'],
    ],
    [
      'initials',
      'Work by A. M. Rush and J. Frankle helps. More.',
      ['Work by A. M. Rush and J. Frankle helps.', 'More.'],
    ],
    [
      'a lower-case continuation',
      'The value is approx. ten. it stays one sentence.',
      ['The value is approx. ten. it stays one sentence.'],
    ],
    [
      'question, exclamation and quotes',
      'Does it work? Yes! He said “stop.” Then left.',
      ['Does it work?', 'Yes!', 'He said “stop.”', 'Then left.'],
    ],
    [
      'No. before a number',
      'Report No. 5 is out. No. It is not.',
      ['Report No. 5 is out.', 'No.', 'It is not.'],
    ],
  ])('should handle %s', (_, text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });
});

describe(referencesToCitations.name, () => {
  const refs = extractReferences(ARTICLE);

  it('should turn items with an arXiv id or a DOI into citation records of the citing paper', () => {
    const { citations, unresolved } = referencesToCitations('2412.99999v1', refs);
    expect(citations.map((c) => c.to)).toEqual([
      {
        arxivId: '1812.11118',
        doi: '10.1073/pnas.1903070116',
        title: 'Reconciling modern machine-learning practice and the classical bias–variance trade-off',
        year: 2019,
      },
      {
        arxivId: '1803.03635',
        title: 'The lottery ticket hypothesis: Finding sparse, trainable neural networks',
        year: 2019,
      },
      { doi: '10.1162/neco.1997.9.8.1735', title: 'Long short-term memory', year: 1997 },
      { arxivId: '2203.15556', title: 'Training compute-optimal large language models', year: 2022 },
      { arxivId: '2001.08361', title: 'Scaling laws for neural language models', year: 2020 },
      {
        doi: '10.1109/5.726791',
        title: 'Gradient-based learning applied to document recognition',
        year: 1998,
      },
      { arxivId: '1312.6199', title: 'Intriguing properties of neural networks', year: 2013 },
      { arxivId: 'physics/0004057', title: 'The information bottleneck method', year: 2000 },
      {
        arxivId: '1611.03530',
        title: 'Understanding deep learning requires rethinking generalization',
        year: 2017,
      },
      {
        doi: '10.1145/3446776',
        title: 'Understanding deep learning (still) requires rethinking generalization',
        year: 2021,
      },
    ]);
    for (const citation of citations) {
      expect(citation.from).toEqual({ arxivId: '2412.99999' });
      expect(citation.source).toBe(ARXIV_HTML_SOURCE);
    }
    expect(citations[0]?.contexts).toEqual(byId(refs).get('bib.bib1')?.contexts);
    expect(unresolved).toEqual([
      {
        bibId: 'bib.bib7',
        title: 'ImageNet classification with deep convolutional neural networks',
        year: 2012,
        raw: byId(refs).get('bib.bib7')?.raw,
      },
    ]);
  });

  it('should never emit the paper citing itself, however its id is written', () => {
    for (const id of ['2412.99999', 'arXiv:2412.99999v1', 'https://arxiv.org/abs/2412.99999']) {
      const { citations } = referencesToCitations(id, refs);
      expect(citations.some((c) => c.to.arxivId === '2412.99999')).toBe(false);
      expect(citations).toHaveLength(10);
    }
  });

  it('should produce records that pass the citation schema', () => {
    for (const [html, id] of [
      [ARTICLE, '2412.99999'],
      [AR5IV, '1307.9999'],
    ] as const) {
      const { citations } = referencesToCitations(id, extractReferences(html), 'arxiv-html-test');
      expect(citations.length).toBeGreaterThan(0);
      for (const citation of citations) {
        expect(citationRecordSchema.safeParse(citation).error).toBeUndefined();
        expect(citation.source).toBe('arxiv-html-test');
      }
    }
  });

  it('should merge items that name the same paper', () => {
    const { citations } = referencesToCitations('2412.99999', {
      references: [
        { bibId: 'bib.bib1', arxivId: '1706.03762', raw: 'a', contexts: ['One.', 'Two.'] },
        { bibId: 'bib.bib2', arxivId: '1706.03762', raw: 'b', contexts: ['Two.', 'Three.'] },
      ],
      problems: [],
    });
    expect(citations).toEqual([
      {
        from: { arxivId: '2412.99999' },
        to: { arxivId: '1706.03762' },
        contexts: ['One.', 'Two.', 'Three.'],
        source: ARXIV_HTML_SOURCE,
      },
    ]);
  });

  it('should refuse a citing id that is not an arXiv id', () => {
    expect(() => referencesToCitations('10.1145/3446776', refs)).toThrow(/not an arXiv id/);
  });
});
