using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ShopWeb.Tests.Api;

/// <summary>
/// Every operation of the committed OpenAPI document, as an app without a token and as an app with a shopper's: each
/// path parameter, query parameter, header and JSON field gets every nasty value, the body every wrong JSON type and
/// shape and the wrong content types (<see cref="ApiFuzzer"/>). No answer may be a server error, and every error is a
/// problem document.
/// </summary>
public sealed class ApiFuzzTests(ApiFuzzTests.ApiFuzzShop factory, ITestOutputHelper output) : IClassFixture<ApiFuzzTests.ApiFuzzShop>
{
    /// <summary>A shop whose API, pages and new carts allow each caller a million requests: a 429 would hide what the input does.</summary>
    /// It takes cards through the Test provider, so the payment operations have card orders to pay.
    public sealed class ApiFuzzShop() : ShopFactory(CardPaymentSteps.TestProvider(new() { ["Api:RateLimits:RequestsPerMinute"] = "1000000", ["RateLimits:RequestsPerMinute"] = "1000000", ["Carts:NewGuestCartsPerHour"] = "1000000" }));

    [Fact]
    public async Task No_parameter_header_or_body_gets_a_server_error_and_every_error_is_a_problem()
    {
        var clock = Stopwatch.StartNew();
        ApiFuzzActor[] actors = [await ApiFuzzActor.AnonymousAsync(factory), await ApiFuzzActor.ShopperAsync(factory)];
        // As on a busy machine, where the inputs before the account deletion take over its 5 minutes: every run alike.
        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        // Deleting the account comes last: every request after it is a 401.
        var operations = ApiOperation.All().OrderBy(o => o is { Method: "DELETE", Template: "/api/v1/me" }).ToList();
        var inputs = actors.SelectMany(actor => operations.SelectMany(operation => ApiFuzzer.Inputs(actor, operation))).ToList();
        var failures = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        var arranged = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        // The two apps call at the same time, each one request after another.
        await Parallel.ForEachAsync(inputs.GroupBy(i => i.Actor), async (lane, cancellation) =>
        {
            var actor = actors.Single(a => a.Name == lane.Key);
            var delivered = false;
            foreach (var input in lane)
            {
                if (input.Page == "DELETE /api/v1/me" && actor.SignedIn && !delivered)
                {
                    // Its orders are delivered first: an account with orders on their way is not deleted (a 409). And
                    // the shopper signs in again, as deleting asks (a 403 after 5 minutes), like an app told so would.
                    await factory.WithDbAsync(db => db.Orders.Where(o => o.UserId != null && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded)
                        .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Delivered), cancellation));
                    await actor.SignInAgainAsync(factory);
                    delivered = true;
                }

                var report = $"{input.Actor} | {input.Page} | {input.Field} | {input.Value.Label}";
                try
                {
                    using var request = await input.RequestAsync();
                    using var response = await input.Browser.Client.SendAsync(request, cancellation);
                    if (await ProblemOf(response) is { } problem)
                    {
                        failures.Add($"{report} | {problem}");
                    }

                    var operation = operations.Single(o => o.ToString() == input.Page);
                    var expected = actor.SignedIn || operation.AnonymousAllowed ? "2xx" : "401";
                    var status = (int)response.StatusCode;
                    if (input.Field == ApiFuzzer.Valid && (expected == "2xx" ? status is < 200 or > 299 : status != 401))
                    {
                        refused.Add($"{report} | {status}, not {expected}{(status == 429 ? " (rate limited: raise the limit in ApiFuzzShop's settings)" : "")}");
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // An exception the app let through to the server: a real server would answer 500.
                    failures.Add($"{report} | {e.GetType().Name}: {e.Message}");
                }
            }
        });

        int Count(Func<string, bool> field) => inputs.Count(i => field(i.Field));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Sent {inputs.Count:N0} inputs to {operations.Count} operations as {actors.Length} apps: {Count(f => f == ApiFuzzer.Valid)} valid requests, {Count(f => f.StartsWith('{'))} in path parameters, {Count(f => f.StartsWith('?'))} in query parameters, {Count(f => f.StartsWith("body ", StringComparison.Ordinal))} in JSON fields, {Count(f => f is "body" or "Content-Type")} whole bodies and content types, {Count(f => char.IsUpper(f[0]) && f != "Content-Type")} in headers.
            Arranged in {arranged.TotalSeconds:0.0} s, sent in {(clock.Elapsed - arranged).TotalSeconds:0.0} s using {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0} s of CPU.
            """));
        Assert.True(failures.IsEmpty, $"{failures.Count} inputs got a server error or an error that is no problem document (actor | operation | field | value | answer):\n{string.Join('\n', failures.Order(StringComparer.Ordinal))}");

        // The valid requests went through: the real values are real, so each nasty one was the only thing wrong.
        Assert.True(refused.IsEmpty, $"valid requests were refused:\n{string.Join('\n', refused.Order(StringComparer.Ordinal))}");
    }

    /// <summary>What is wrong with the answer: a server error, or an error without a problem document (type, title and its status).</summary>
    private static async Task<string?> ProblemOf(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync();
        var shown = text.Length > 200 ? text[..200] + "…" : text;
        if (status >= 500)
        {
            return $"{status}: {shown}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.ToString() ?? "no content type"}: {shown}";
        }

        try
        {
            var problem = JsonDocument.Parse(text).RootElement;
            return problem.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && problem.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
                && problem.TryGetProperty("status", out var said) && said.ValueKind == JsonValueKind.Number && said.GetInt32() == status
                ? null
                : $"{status}, a problem without its type, title or status: {shown}";
        }
        catch (JsonException)
        {
            return $"{status}, a problem that is not JSON: {shown}";
        }
    }
}
