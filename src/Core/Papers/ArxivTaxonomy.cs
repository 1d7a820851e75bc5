using System.Diagnostics.CodeAnalysis;

namespace PaperFeed.Core.Papers;

/// <summary>
/// arXiv's archives and their subject classes as arXiv spells them (cs.CL, math.AG, cond-mat.str-el, hep-th), so that
/// an operator's category is checked, in any case, before anything is asked of arXiv: an unknown one would only come
/// back as an HTTP 404 or an error feed.
/// </summary>
public static class ArxivTaxonomy
{
    private static readonly Dictionary<string, string[]> Archives = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = ["AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET", "FL", "GL", "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI", "OH", "OS", "PF", "PL", "RO", "SC", "SD", "SE", "SI", "SY"],
        ["econ"] = ["EM", "GN", "TH"],
        ["eess"] = ["AS", "IV", "SP", "SY"],
        ["math"] = ["AC", "AG", "AP", "AT", "CA", "CO", "CT", "CV", "DG", "DS", "FA", "GM", "GN", "GR", "GT", "HO", "IT", "KT", "LO", "MG", "MP", "NA", "NT", "OA", "OC", "PR", "QA", "RA", "RT", "SG", "SP", "ST"],
        ["stat"] = ["AP", "CO", "ME", "ML", "OT", "TH"],
        ["q-bio"] = ["BM", "CB", "GN", "MN", "NC", "OT", "PE", "QM", "SC", "TO"],
        ["q-fin"] = ["CP", "EC", "GN", "MF", "PM", "PR", "RM", "ST", "TR"],
        ["astro-ph"] = ["CO", "EP", "GA", "HE", "IM", "SR"],
        ["cond-mat"] = ["dis-nn", "mes-hall", "mtrl-sci", "other", "quant-gas", "soft", "stat-mech", "str-el", "supr-con"],
        ["nlin"] = ["AO", "CD", "CG", "PS", "SI"],
        ["physics"] = ["acc-ph", "ao-ph", "app-ph", "atm-clus", "atom-ph", "bio-ph", "chem-ph", "class-ph", "comp-ph", "data-an", "ed-ph", "flu-dyn", "gen-ph", "geo-ph", "hist-ph", "ins-det", "med-ph", "optics", "plasm-ph", "pop-ph", "soc-ph", "space-ph"],
        ["gr-qc"] = [],
        ["hep-ex"] = [],
        ["hep-lat"] = [],
        ["hep-ph"] = [],
        ["hep-th"] = [],
        ["math-ph"] = [],
        ["nucl-ex"] = [],
        ["nucl-th"] = [],
        ["quant-ph"] = [],
    };

    /// <summary>
    /// The category as arXiv spells it (<c>CS.cl</c> → <c>cs.CL</c>), for an archive (<c>cs</c>) or an archive with one of
    /// its subject classes; false for anything arXiv has no listing of.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? category)
    {
        category = null;
        var parts = (text ?? "").Trim().Split('.');
        if (parts.Length > 2 || !Archives.TryGetValue(parts[0], out var classes))
        {
            return false;
        }

        var archive = Archives.Keys.First(k => string.Equals(k, parts[0], StringComparison.OrdinalIgnoreCase));
        if (parts.Length == 1)
        {
            category = archive;
            return true;
        }

        var subject = classes.FirstOrDefault(c => string.Equals(c, parts[1], StringComparison.OrdinalIgnoreCase));
        category = subject is null ? null : $"{archive}.{subject}";
        return category is not null;
    }
}
