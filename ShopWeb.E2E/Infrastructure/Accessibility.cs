using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ShopWeb.E2E.Infrastructure;

internal static class Accessibility
{
    /// <summary>Runs axe-core on the page as it stands and fails with every violation spelled out.</summary>
    public static async Task AssertNoAxeViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    at {string.Join("\n    at ", v.Nodes.Select(n => n.Target.ToString()))}");
        Assert.True(result.Violations.Length == 0, $"axe found violations on {page.Url}:\n{string.Join("\n", violations)}");
    }
}
