using System.Net;
using System.Text.RegularExpressions;

namespace Dunning.Metrics.Tests.Support;

/// <summary>Reads one figure card (value and detail) from the dashboard's DOM as headless Chromium dumped it.</summary>
public static class DashboardCard
{
    public static (string Value, string Detail) Read(string dom, string figure)
    {
        var match = Regex.Match(dom,
            $"data-figure=\"{figure}\"><div class=\"label\">[^<]*</div><div class=\"value\">([^<]*)</div><div class=\"detail\">([^<]*)</div>");
        Assert.True(match.Success, $"the dashboard shows the {figure} card:\n{dom}");
        return (WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }
}
