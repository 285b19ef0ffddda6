/**
 * arXiv pages generated from the landmark corpus in the recorded formats of test/fixtures/arxiv: an Atom
 * feed of the search API (2025-11 backend, as search_cs_lg_2025-11.xml) and a LaTeXML article (as
 * article_2412.99999v1.html) whose bibliography names cited papers by arXiv id. Ids, titles, authors,
 * years and categories are the corpus's; every sentence is ours.
 */
import type { Landmark } from '../../src/tagging/corpus.js';

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const surname = (paper: Landmark) => (paper.authors[0] ?? 'Anonymous').split(' ').at(-1) as string;

/** One `<entry>` of the search API, version 1, published on 15 January of the paper's year. */
export function atomEntry(paper: Landmark): string {
  const categories = paper.categories
    .map((c) => `    <category term="${escapeXml(c)}" scheme="http://arxiv.org/schemas/atom"/>`)
    .join('\n');
  const authors = paper.authors.map((a) => `    <author>\n      <name>${escapeXml(a)}</name>\n    </author>`);
  return `  <entry>
    <id>http://arxiv.org/abs/${paper.arxivId}v1</id>
    <title>${escapeXml(paper.title)}</title>
    <updated>${paper.year}-01-15T12:00:00Z</updated>
    <link href="https://arxiv.org/abs/${paper.arxivId}v1"/>
    <link href="https://arxiv.org/pdf/${paper.arxivId}v1"/>
    <summary>${escapeXml(paper.summary)}</summary>
${categories}
    <published>${paper.year}-01-15T12:00:00Z</published>
    <arxiv:primary_category term="${escapeXml(paper.categories[0] ?? 'cs.LG')}"/>
${authors.join('\n')}
  </entry>`;
}

/** A search-API page holding these entries (given as text, so a test can damage one of them). */
export function atomFeed(entries: readonly string[]): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/chaosHostileInputFeed0000000</id>
  <title>arXiv Query: search_query=cat:cs.LG&amp;id_list=&amp;start=0&amp;max_results=${entries.length}</title>
  <updated>2025-11-12T09:14:03Z</updated>
  <link href="https://arxiv.org/api/query?search_query=cat:cs.LG&amp;start=0&amp;max_results=${entries.length}&amp;id_list=" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
${entries.join('\n')}
</feed>
`;
}

/** One bibliography item naming the cited paper by its arXiv id. */
export function bibItem(ref: Landmark, n: number): string {
  return `<li class="ltx_bibitem" id="bib.bib${n}">
<span class="ltx_tag ltx_role_refnum ltx_tag_bibitem">${escapeXml(surname(ref))} et al. (${ref.year})</span>
<span class="ltx_bibblock">${escapeXml(ref.authors.join(', '))}.</span>
<span class="ltx_bibblock">${escapeXml(ref.title)}.</span>
<span class="ltx_bibblock"><em class="ltx_emph ltx_font_italic" id="bib.bib${n}.1.1">arXiv preprint arXiv:${ref.arxivId}</em>, ${ref.year}.</span>
</li>`;
}

/** A paragraph citing bibliography item `n` author–year style, with an absolute `#bib.bibN` link. */
export function citingParagraph(paper: Landmark, ref: Landmark, n: number): string {
  const href = `https://arxiv.org/html/${paper.arxivId}v1#bib.bib${n}`;
  return `<div class="ltx_para ltx_noindent" id="S1.p${n}">
<p class="ltx_p" id="S1.p${n}.1">Our measurements revisit the setting studied by <cite class="ltx_cite ltx_citemacro_citet">${escapeXml(surname(ref))} et al. (<a class="ltx_ref" href="${href}" title="">${ref.year}</a>)</cite> under a fixed compute budget. We report where the conclusions carry over.</p>
</div>`;
}

/** A LaTeXML article page of `paper`: a related-work section citing each paper of `cited`, then the bibliography. */
export function latexmlArticle(
  paper: Landmark,
  cited: readonly Landmark[],
  parts: { paragraphs?: readonly string[]; items?: readonly string[] } = {},
): string {
  const paragraphs = parts.paragraphs ?? cited.map((ref, i) => citingParagraph(paper, ref, i + 1));
  const items = parts.items ?? cited.map((ref, i) => bibItem(ref, i + 1));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta content="text/html; charset=utf-8" http-equiv="content-type"/>
<title>${escapeXml(paper.title)}</title>
<base href="/html/${paper.arxivId}v1/"/></head>
<body>
<div class="ltx_page_main">
<div class="ltx_page_content">
<article class="ltx_document ltx_authors_1line">
<h1 class="ltx_title ltx_title_document">${escapeXml(paper.title)}</h1>
<section class="ltx_section" id="S1">
<h2 class="ltx_title ltx_title_section"><span class="ltx_tag ltx_tag_section">1 </span>Related work</h2>
${paragraphs.join('\n')}
</section>
<section class="ltx_bibliography" id="bib">
<h2 class="ltx_title ltx_title_bibliography">References</h2>
<ul class="ltx_biblist">
${items.join('\n')}
</ul>
</section>
</article>
</div>
</div>
</body>
</html>
`;
}
