using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ShopWeb.E2E.Infrastructure;

internal static class Accessibility
{
    // Violations only: axe still runs every rule, but does not send back every node that passed (a sixth of its time).
    private static readonly AxeRunOptions ViolationsOnly = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>
    /// Runs axe-core on the page as it stands and fails with every violation spelled out. On the farm it checks
    /// nothing: the farm serves the markup of the same code, checked in the pass on one instance, and axe is half the
    /// time of a journey; the farm's pass is there for what only the farm can break.
    /// </summary>
    public static async Task AssertNoAxeViolationsAsync(this IPage page)
    {
        if (FarmSite.Chosen)
        {
            return;
        }

        var result = await page.RunAxe(ViolationsOnly);
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    at {string.Join("\n    at ", v.Nodes.Select(n => n.Target.ToString()))}");
        Assert.True(result.Violations.Length == 0, $"axe found violations on {page.Url}:\n{string.Join("\n", violations)}");
    }

    /// <summary>
    /// Fails when the page, laid out 375 px wide (a phone), is wider than that: a long value or a wide table must wrap,
    /// not push the page sideways. The viewport is put back as it was.
    /// </summary>
    public static async Task AssertFitsAPhoneAsync(this IPage page)
    {
        var before = page.ViewportSize;
        await page.SetViewportSizeAsync(375, 800);
        try
        {
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > 375)
            {
                // The innermost elements that reach past the screen's edge: what to fix.
                var past = await page.EvaluateAsync<string[]>("""
                    () => [...document.body.querySelectorAll('*')]
                        .filter(e => e.getBoundingClientRect().right > 375.5 && ![...e.children].some(c => c.getBoundingClientRect().right > 375.5))
                        .slice(0, 5)
                        .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).replace(/ /g, '.') : ''} (right edge ${Math.round(e.getBoundingClientRect().right)} px): ${e.textContent.trim().slice(0, 40)}`)
                    """);
                Assert.Fail($"{page.Url} is {width} px wide on a 375 px screen; past its edge: {string.Join("; ", past)}");
            }
        }
        finally
        {
            if (before is not null)
            {
                await page.SetViewportSizeAsync(before.Width, before.Height);
            }
        }
    }
}
