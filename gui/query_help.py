"""The query language, as a help popup next to the search box."""

from __future__ import annotations

QUERY_HELP = """
<h3>Searching the archive</h3>
<table cellpadding="3">
<tr><td><code>drone strike</code></td><td>both words (ordinary words are stemmed:
<i>strikes</i> matches too)</td></tr>
<tr><td><code>drone OR missile</code></td><td>either word</td></tr>
<tr><td><code>ceasefire NOT Istanbul</code></td><td>the first without the second</td></tr>
<tr><td><code>"prisoner swap"</code></td><td>the exact phrase</td></tr>
<tr><td><code>negotiat*</code></td><td>words starting so
(the 128 most frequent)</td></tr>
<tr><td><code>kh?rkiv</code></td><td>wildcards: <code>?</code> one letter,
<code>*</code> any</td></tr>
<tr><td><code>zelenskyy~</code>, <code>zelenskyy~2</code></td><td>fuzzy: one (two)
letters different</td></tr>
<tr><td><code>title:Pentagon</code></td><td>in the headline; also <code>author:</code>,
<code>section:</code>, <code>source:</code> (file name)</td></tr>
<tr><td><code>person:Zelensky</code></td><td>articles naming a person, whatever the
spelling; also <code>place:</code>, <code>org:</code>, <code>group:</code></td></tr>
<tr><td><code>tag:Escalation</code></td><td>articles with a passage so tagged (or with a
child tag); <code>note:"check figure"</code> searches your notes</td></tr>
<tr><td><code>published:2024</code></td><td>a year, month (<code>2024-03</code>) or day;
ranges <code>published:[2024-01 TO 2024-06]</code>,
<code>published:&gt;2024-03</code></td></tr>
<tr><td><code>(drone OR missile) AND place:Kyiv</code></td>
<td>group with brackets</td></tr>
</table>
<p>The scope switch searches articles, your passages (their quotes and notes), or both.
Click a facet to narrow the results; click its chip to widen them again.</p>
<p><b>Keys:</b> Ctrl+L or / to search, Up and Down through the results, Enter to open,
Esc to clear.</p>
"""
