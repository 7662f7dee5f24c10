using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// Stylesheets, scripts and images are answered as soon as routing finds them: a signed-in browser's request for
/// one costs no session check, no rate limit and no trip through the page cache.
/// </summary>
public sealed class StaticAssetTests : IDisposable
{
    private readonly CountingSessionStore sessions = new();
    private readonly ShopFactory factory;

    public StaticAssetTests() =>
        factory = new ShopFactory(settings: null, services: services =>
            services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
            {
                sessions.Inner = options.SessionStore!;
                options.SessionStore = sessions;
            }));

    [Fact]
    public async Task A_signed_in_browser_gets_static_files_without_a_session_check_and_pages_with_one()
    {
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());

        var before = sessions.Checks;
        foreach (var asset in new[] { "/css/site.css", "/favicon.svg", "/js/passkeys.js" })
        {
            var response = await browser.Client.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single()); // the shop's headers still apply
        }

        Assert.Equal(before, sessions.Checks);

        Assert.True((await browser.GetAsync("/")).IsSignedIn());
        Assert.Equal(before + 1, sessions.Checks);
    }

    public void Dispose() => factory.Dispose();

    /// <summary>The shop's own session store, counting how often a request's session is looked up.</summary>
    private sealed class CountingSessionStore : ITicketStore
    {
        private int checks;

        public ITicketStore Inner { get; set; } = null!;

        public int Checks => Volatile.Read(ref checks);

        public Task<string> StoreAsync(AuthenticationTicket ticket) => Inner.StoreAsync(ticket);

        public Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
            Inner.StoreAsync(ticket, httpContext, cancellationToken);

        public Task RenewAsync(string key, AuthenticationTicket ticket) => Inner.RenewAsync(key, ticket);

        public Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken) =>
            Inner.RenewAsync(key, ticket, httpContext, cancellationToken);

        public Task<AuthenticationTicket?> RetrieveAsync(string key)
        {
            Interlocked.Increment(ref checks);
            return Inner.RetrieveAsync(key);
        }

        public Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref checks);
            return Inner.RetrieveAsync(key, httpContext, cancellationToken);
        }

        public Task RemoveAsync(string key) => Inner.RemoveAsync(key);

        public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => Inner.RemoveAsync(key, httpContext, cancellationToken);
    }
}
