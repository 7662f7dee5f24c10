using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>An order the shop confirmed to a shopper: the number on the confirmation page, and the lines the checkout listed.</summary>
public sealed record ConfirmedOrder(string Number, IReadOnlyDictionary<string, int> Lines);

/// <summary>
/// Guest shoppers buying over real HTTP until stopped, each purchase in a browser of its own through the product
/// page, the cart and the checkout form. A purchase cut off by a lost connection is counted, not retried: only what
/// the shop confirmed is recorded.
/// </summary>
public sealed class GuestShoppers : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> shoppers;
    private readonly ConcurrentQueue<ConfirmedOrder> confirmed = new();
    private readonly ConcurrentQueue<string> unexpected = new();
    private int cutOff;
    private int cutOffWhilePlacing;

    private GuestShoppers(Uri address, IReadOnlyList<string> slugs, int count) =>
        shoppers = Enumerable.Range(0, count).Select(_ => Task.Run(() => ShopAsync(address, slugs))).ToList();

    /// <param name="slugs">The products they choose from: one to three of them, one of each, per purchase.</param>
    public static GuestShoppers Start(Uri address, IReadOnlyList<string> slugs, int count) => new(address, slugs, count);

    /// <summary>Every confirmed order so far, in the order the confirmations arrived.</summary>
    public IReadOnlyList<ConfirmedOrder> Confirmed => confirmed.ToList();

    /// <summary>Answers that were neither a page nor a lost connection, such as a 500 (each with its address).</summary>
    public IReadOnlyList<string> Unexpected => unexpected.ToList();

    /// <summary>Purchases cut off by a lost or refused connection, at any step.</summary>
    public int CutOff => Volatile.Read(ref cutOff);

    /// <summary>Purchases whose "Place order" post lost its connection: the order may or may not exist.</summary>
    public int CutOffWhilePlacing => Volatile.Read(ref cutOffWhilePlacing);

    /// <summary>Lets each shopper finish the request it is on; a shopper's own failure (not a lost connection) is thrown here.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(shoppers);
    }

    /// <summary>Stops them even when a test fails half-way, so no shopper goes on knocking for the rest of the run.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(shoppers).ContinueWith(_ => { }, TaskScheduler.Default);
        stop.Dispose();
    }

    private async Task ShopAsync(Uri address, IReadOnlyList<string> slugs)
    {
        while (!stop.IsCancellationRequested)
        {
            var placing = false;
            using var browser = ShopBrowser.Over(address);
            try
            {
                foreach (var slug in Random.Shared.GetItems(slugs.ToArray(), Random.Shared.Next(1, 4)).Distinct())
                {
                    Expect(await browser.TryAddToCartAsync(slug), $"/products/{slug}");
                }

                var form = Expect(await browser.GetAsync("/checkout"), "/checkout");
                if (form?.Find("#checkout") is null)
                {
                    continue; // everything chosen had sold out
                }

                // A line's name is its cell's first text, before the variant and SKU under it.
                var lines = form.Document.QuerySelectorAll("#checkout .order-summary tbody tr")
                    .ToDictionary(row => row.Children[0].FirstChild!.TextContent.Trim(), row => int.Parse(row.Children[1].TextContent, CultureInfo.InvariantCulture));
                placing = true;
                var answer = Expect(await browser.SubmitAsync(form, "#checkout", CheckoutSteps.GuestFields(AccountSteps.NewEmail("shopper")), button: "Place order"), "POST /checkout");
                if (answer?.Heading == "Thank you for your order")
                {
                    confirmed.Enqueue(new ConfirmedOrder(answer.Find("[role=status] strong")!.TextContent.Trim(), lines));
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref cutOff);
                if (placing)
                {
                    Interlocked.Increment(ref cutOffWhilePlacing);
                }

                await Task.Delay(200); // the shop may be down: knock again shortly
            }
        }
    }

    private HtmlPage? Expect(HtmlPage? page, string what)
    {
        if (page is not null && page.Status != HttpStatusCode.OK)
        {
            unexpected.Enqueue($"{(int)page.Status} from {what}");
        }

        return page;
    }
}
