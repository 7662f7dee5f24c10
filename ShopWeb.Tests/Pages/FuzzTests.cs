using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ShopWeb.Tests.Pages;

/// <summary>
/// Every page, found from the app's endpoints, as a visitor, a signed-in shopper and an admin: each route value, each
/// query parameter the page reads and each field of each of its forms gets every nasty value, one field at a time.
/// No answer may be a server error.
/// </summary>
public sealed class FuzzTests(FuzzTests.FuzzShop factory, ITestOutputHelper output) : IClassFixture<FuzzTests.FuzzShop>
{
    /// <summary>
    /// A shop whose account forms and client addresses are not rate limited and whose accounts do not lock (a 429 or
    /// the lockout page would hide what the form does, each actor sends thousands of requests from its one address, and
    /// a wrong password on "delete my account" locks and signs out the very actor the test sends as), and whose password
    /// hashing is cheap: a thousand password checks at 210,000 iterations each would take minutes on two cores.
    /// </summary>
    public sealed class FuzzShop() : ShopFactory(
        new Dictionary<string, string?> { ["RateLimits:AccountFormPostsPerMinute"] = "1000000", ["RateLimits:RequestsPerMinute"] = "1000000" },
        services: services =>
        {
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000);
            services.Configure<IdentityOptions>(options => options.Lockout.MaxFailedAccessAttempts = 1_000_000);
        });

    /// <summary>The query parameters a shop's pages usually read; each must be among those the test found and fuzzed.</summary>
    private static readonly string[] UsualNames = ["q", "category", "sort", "page", "from", "to", "status", "returnUrl", "id", "number", "token", "code", "userId", "email", "handler"];

    [Fact]
    public async Task No_route_value_query_parameter_or_form_field_gets_a_server_error()
    {
        var clock = Stopwatch.StartNew();
        FuzzActor[] actors = [await factory.VisitorAsync(), await factory.ShopperAsync(), await factory.AdminAsync(), await factory.PendingTwoFactorAsync()];
        var failures = new ConcurrentBag<string>();
        var (inputs, visits, fuzzedPages) = await PlanAsync(actors, failures);
        var planned = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        // The actors browse at the same time, each one request after another as a person's browser would.
        await Parallel.ForEachAsync(inputs.GroupBy(i => i.Actor), async (lane, cancellation) =>
        {
            foreach (var input in lane)
            {
                using var request = await input.RequestAsync();
                try
                {
                    using var response = await input.Browser.Client.SendAsync(request, cancellation);
                    Check(failures, input.Actor, input.Page, input.Field, input.Value.Label, (int)response.StatusCode);
                    input.Answered?.Invoke(response.RequestMessage != request);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An exception the app let through to the server: a real server would answer 500.
                    failures.Add($"{input.Actor} | {input.Page} | {input.Field} | {input.Value.Label} | {e.GetType().Name}: {e.Message}");
                }
            }
        });

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Sent {visits + inputs.Count:N0} inputs: {visits} page visits as {actors.Length} actors and {inputs.Count:N0} nasty values ({inputs.Count(i => i.Field.StartsWith('{'))} in routes, {inputs.Count(i => i.Field.StartsWith('?'))} in query parameters, {inputs.Count(i => i.Field.StartsWith("form", StringComparison.Ordinal))} in forms) to {fuzzedPages.Count} pages.
            Planned in {planned.TotalSeconds:0.0} s, sent in {(clock.Elapsed - planned).TotalSeconds:0.0} s using {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0} s of CPU.
            """));
        Assert.True(failures.IsEmpty, $"{failures.Count} inputs got a server error (actor | page | field | value | status):\n{string.Join('\n', failures.Order(StringComparer.Ordinal))}");

        // What was sent is what this test claims: every page reached, the usual names among the fuzzed ones, and each
        // actor still who it was (none lost its session on the way, so no input was quietly sent as a visitor).
        var unreached = factory.Pages().Select(p => p.Template).Where(t => !fuzzedPages.Contains(t)).ToList();
        Assert.True(unreached.Count == 0, $"no actor could open {string.Join(", ", unreached)}");
        var fields = inputs.Select(i => i.Field).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unread = UsualNames.Where(n => !fields.Any(f => f.EndsWith("?" + n, StringComparison.OrdinalIgnoreCase) || f.EndsWith("{" + n + "}", StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(unread.Count == 0, $"no page was found to read {string.Join(", ", unread)}");
        foreach (var actor in actors)
        {
            Assert.True((await actor.Browser.GetAsync("/")).IsSignedIn() == actor.SignedIn, $"the {actor.Name} is still {(actor.SignedIn ? "signed in" : "not signed in")}");
        }
    }

    /// <summary>
    /// Walks every page as each actor and plans the inputs for the pages the actor can open (it is not sent elsewhere,
    /// to sign in or to the access-denied page): the query parameters its GET handlers read, its route values, its forms.
    /// </summary>
    private async Task<(List<FuzzInput> Inputs, int Visits, HashSet<string> FuzzedPages)> PlanAsync(FuzzActor[] actors, ConcurrentBag<string> failures)
    {
        var inputs = new List<FuzzInput>();
        var fuzzed = new HashSet<string>(StringComparer.Ordinal);
        var handlerFuzzed = new HashSet<string>(StringComparer.Ordinal);
        var visits = 0;
        foreach (var actor in actors)
        {
            var seenForms = new HashSet<string>(StringComparer.Ordinal);
            var earlier = fuzzed.ToHashSet(StringComparer.Ordinal);
            foreach (var page in factory.Pages())
            {
                var handlers = await factory.GetHandlersAsync(page);
                foreach (var template in new[] { page.Template, PageAddress.WithoutOptional(page.Template) }.Distinct())
                {
                    foreach (var handler in handlers)
                    {
                        var address = AddressFor(actor, template, handler);
                        var baseline = await actor.Browser.GetAsync(address.Url());
                        visits++;
                        Check(failures, actor.Name, address.Url(), "(none)", "(the page as linked)", (int)baseline.Status);
                        var opened = string.Equals(baseline.Response.RequestMessage!.RequestUri!.AbsolutePath, address.Path(), StringComparison.OrdinalIgnoreCase);
                        if (!opened || (actor.OnlyNewPages && earlier.Contains(page.Template)))
                        {
                            continue;
                        }

                        fuzzed.Add(page.Template);
                        // Which handler runs is the framework's choice, the same for every actor: fuzzed once per page.
                        var names = handler.Name is null && handlerFuzzed.Add(page.Template) ? [.. handler.QueryNames, "handler"] : handler.QueryNames;
                        inputs.AddRange(FuzzInputs.InQuery(actor.Browser, actor.Name, address, names));
                        if (handler.Name is not null)
                        {
                            continue;
                        }

                        inputs.AddRange(FuzzInputs.InRoute(actor.Browser, actor.Name, address));
                        if (baseline.Response.Content.Headers.ContentType?.MediaType == "text/html")
                        {
                            // The cart and checkout need something in the cart: an order or a removed line empties it.
                            Func<Task>? restock = template is "/cart" or "/checkout" ? actor.RestockAsync : null;
                            inputs.AddRange(new FormFuzzer(actor.Browser, actor.Name, baseline, address, actor.ValidValue, restock).Inputs(seenForms));
                        }
                    }
                }
            }
        }

        return (inputs, visits, fuzzed);
    }

    private static void Check(ConcurrentBag<string> failures, string actor, string page, string field, string value, int status)
    {
        if (status >= 500)
        {
            failures.Add($"{actor} | {(page.Length > 120 ? page[..120] + "…" : page)} | {field} | {value} | {status}");
        }
    }

    /// <summary>The page's address with this actor's real route values, and the token of its order where the page reads one.</summary>
    private static PageAddress AddressFor(FuzzActor actor, string template, GetHandler handler)
    {
        var route = PageAddress.Parameters(template).ToDictionary(p => p, p => actor.RouteValue(template, p));
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (handler.Name is not null)
        {
            query["handler"] = handler.Name;
        }

        if (handler.QueryNames.Contains("token", StringComparer.OrdinalIgnoreCase) && actor.Ids.TryGetValue("token", out var token))
        {
            query["token"] = token;
        }

        return new PageAddress(template, route, query);
    }
}
