using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class RateLimitTests : IDisposable
{
    private readonly ShopFactory factory = new(new Dictionary<string, string?> { ["RateLimits:AccountFormPostsPerMinute"] = "3" });

    [Theory]
    [InlineData("/account/login", "#login", "Input.Email")]
    [InlineData("/account/register", "#register", "Input.Email")]
    [InlineData("/account/forgot-password", "#forgot-password", "Input.Email")]
    [InlineData("/account/resend-confirmation", "#resend-confirmation", "Input.Email")]
    public async Task Past_the_limit_a_client_gets_the_friendly_429_page_while_others_and_reading_go_on(string url, string form, string field)
    {
        using var hammering = factory.CreateBrowser();
        using var someoneElse = factory.CreateBrowser();
        var page = await hammering.GetAsync(url);
        var fields = new Dictionary<string, string> { [field] = "not-an-email" };

        for (var post = 0; post < 3; post++)
        {
            Assert.Equal(HttpStatusCode.OK, (await hammering.SubmitAsync(page, form, fields)).Status);
        }

        var limited = await hammering.SubmitAsync(page, form, fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("Too many attempts", limited.Heading);
        Assert.True(limited.Response.Headers.RetryAfter is not null, "Retry-After tells when to come back");

        Assert.Equal(HttpStatusCode.OK, (await hammering.GetAsync(url)).Status);
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.SubmitAsync(await someoneElse.GetAsync(url), form, fields)).Status);
    }

    [Fact]
    public async Task A_form_is_one_count_however_its_address_is_written()
    {
        using var hammering = factory.CreateBrowser();
        var page = await hammering.GetAsync("/account/login");
        var token = page.Find("#login input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var answers = new List<HttpStatusCode>();
        foreach (var address in new[] { "/account/login", "/account/login/", "/account/login/index", "/Account/Login/Index/" })
        {
            using var response = await hammering.Client.PostAsync(address, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "not-an-email", ["__RequestVerificationToken"] = token,
            }));
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    public void Dispose() => factory.Dispose();
}
