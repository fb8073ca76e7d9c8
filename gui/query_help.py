"""The query language, as a help popup next to the search box."""

from __future__ import annotations

QUERY_HELP = """
<h3>Searching the archive</h3>
<table cellpadding="3">
<tr><td><code>drone strike</code></td><td>both words (ordinary words are stemmed:
<i>strikes</i> matches too; every word counts, <i>the</i> and <i>when</i> too)</td></tr>
<tr><td><code>drone OR missile</code></td><td>either word</td></tr>
<tr><td><code>ceasefire NOT Istanbul</code></td><td>the first without the second</td></tr>
<tr><td><code>"the end of the year"</code></td><td>a phrase: these words, one after
the other, none left out; each word as above (<i>the ends of the years</i> matches too)
</td></tr>
<tr><td><code>negotiat*</code></td><td>every word starting so, as typed
(<code>play*</code>: <i>player</i>, <i>playing</i>, never <i>plaid</i>)</td></tr>
<tr><td><code>kh?rkiv</code></td><td>wildcards: <code>?</code> one letter,
<code>*</code> any</td></tr>
<tr><td><code>zelenskyy~</code>, <code>zelenskyy~2</code></td><td>fuzzy: one (two)
letters different</td></tr>
<tr><td><code>title:Pentagon</code></td><td>in the headline; also <code>author:</code>,
<code>section:</code>, <code>source:</code> (file name)</td></tr>
<tr><td><code>site:guardian</code></td><td>the publication (also <code>publication:</code>,
<code>outlet:</code>): <code>publication:"Kyiv Post"</code></td></tr>
<tr><td><code>person:Zelensky</code></td><td>articles naming a person, whatever the
spelling; also <code>place:</code>, <code>org:</code>, <code>group:</code></td></tr>
<tr><td><code>tag:Escalation</code></td><td>articles with a passage so tagged (or with a
child tag; <code>tag:"Parent/Child"</code>, <code>tag:Esc*</code>; <code>tag:*</code>
any tag, so <code>NOT tag:*</code> lists the articles not yet coded);
<code>note:"check figure"</code> searches your notes and article memos. They combine
like any clause:
<code>tag:A OR tag:B</code>, <code>NOT tag:A</code>, <code>tag:A OR drone</code></td></tr>
<tr><td><code>tag:A tag:B</code></td><td>articles with both tags (on any passages);
<code>tag:A+B</code>: both on one passage. In the Passages list each passage is asked:
<code>tag:A tag:B</code> is a passage with both</td></tr>
<tr><td><code>published:2024</code></td><td>a year, month (<code>2024-03</code>) or day;
ranges <code>published:[2024-01 TO 2024-06]</code>,
<code>published:&gt;2024-03</code></td></tr>
<tr><td><code>(drone OR missile) AND place:Kyiv</code></td>
<td>group with brackets</td></tr>
</table>
<p>The scope switch searches articles, your passages, or both. In passages, words and
phrases are looked for in the quote and note, names and dates in its article.
Click a facet to narrow the results; click its chip to widen them again.</p>
<p><b>Keys:</b> Ctrl+L or / to search, Up and Down through the results, Enter to open,
Esc to clear.</p>
"""
