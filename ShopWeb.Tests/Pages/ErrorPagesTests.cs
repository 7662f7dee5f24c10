using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages;

public sealed class ErrorPagesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/products/../../etc/passwd")]
    [InlineData("/%E2%9C%93-unicode-path")]
    public async Task An_unknown_address_gets_the_friendly_404_page(string url)
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Page not found", page.Heading);
        Assert.NotNull(page.Find("header .brand"));
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/no-such-file.css")]
    public async Task A_post_to_an_unknown_address_is_a_404_too(string url)
    {
        using var browser = factory.CreateBrowser();

        var page = await HtmlPage.ReadAsync(await browser.Client.PostAsync(url, new FormUrlEncodedContent([])));

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Page not found", page.Heading);
    }

    [Fact]
    public async Task A_post_to_a_page_without_a_post_handler_is_405_rather_than_the_page_rendered_without_data()
    {
        using var browser = factory.CreateBrowser();
        var login = await browser.GetAsync("/account/login");
        var token = login.Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var postToReadOnly = await browser.Client.PostAsync("/account/lockout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, postToReadOnly.StatusCode);
        Assert.Equal("GET", string.Join(",", postToReadOnly.Content.Headers.Allow));
    }

    [Fact]
    public async Task A_failure_gets_the_friendly_500_page_without_any_detail()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync(ProbeEndpoints.FailingPath);

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Equal("Something went wrong", page.Heading);
        Assert.DoesNotContain("SECRET-DETAIL", page.Body);
        Assert.DoesNotContain("InvalidOperationException", page.Body);
        Assert.DoesNotContain(" at ShopWeb", page.Body);
        Assert.Contains("frame-ancestors 'none'", page.Response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_failed_post_also_gets_the_friendly_500_page()
    {
        using var browser = factory.CreateBrowser();

        var response = await browser.Client.PostAsync(ProbeEndpoints.FailingPath, new FormUrlEncodedContent([]));
        var page = await HtmlPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Equal("Something went wrong", page.Heading);
    }

    [Theory]
    [InlineData("code=500")] // the confirm-email and reset-password forms post a field named Code
    [InlineData("Code=503")]
    [InlineData("code=abc")]
    [InlineData("Input.Email=a%00b")] // a form that cannot be read at all
    public async Task A_post_refused_for_its_token_is_a_400_whatever_its_form_holds(string form)
    {
        using var browser = factory.CreateBrowser();

        var response = await browser.Client.PostAsync("/account/login?code=429", new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        var page = await HtmlPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("Bad request", page.Heading);
    }

    [Fact]
    public async Task Visiting_a_status_page_directly_answers_with_that_status()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/status/403");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("Access denied", page.Heading);
    }
}
