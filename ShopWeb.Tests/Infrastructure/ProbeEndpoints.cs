using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Test-only: an antiforgery-protected form served ahead of the app, to prove the form helper submits forms the
/// way a browser does, and a home page that fails on request (<see cref="FailingPath"/>), to see the error page
/// shoppers get when a page throws.
/// </summary>
internal sealed class ProbeEndpoints : IStartupFilter, IAuthorizationFilter, IOrderedFilter
{
    public const string FailingPath = "/?probe-failure=1";
    public const string FormPath = "/test-probe/form";

    // Before the app's own antiforgery check, so a failing POST fails the same way a failing GET does.
    public int Order => int.MinValue;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // The in-memory test server has no TCP connection; requests arrive as if through a proxy on this machine.
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
            return nextMiddleware(context);
        });
        app.Map(FormPath, form => form.Run(HandleFormAsync));
        next(app);
    };

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.ActionDescriptor is PageActionDescriptor { ViewEnginePath: "/Index" }
            && context.HttpContext.Request.Query.ContainsKey("probe-failure"))
        {
            throw new InvalidOperationException("Probe failure: SECRET-DETAIL");
        }
    }

    private static async Task HandleFormAsync(HttpContext context)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        context.Response.ContentType = "text/html; charset=utf-8";
        if (HttpMethods.IsPost(context.Request.Method))
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var posted = await context.Request.ReadFormAsync();
            var echoed = string.Join("", posted.Where(f => f.Key != "__RequestVerificationToken")
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => $"<li data-name=\"{WebUtility.HtmlEncode(f.Key)}\">{WebUtility.HtmlEncode(f.Value.ToString())}</li>"));
            await context.Response.WriteAsync($"<!DOCTYPE html><html><body><ul id=\"posted\">{echoed}</ul></body></html>");
            return;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html><html><body>
            <form id="probe" method="post" action="{FormPath}">
              <input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}" />
              <label for="name">Name</label><input id="name" name="Name" value="preset" />
              <label for="remember">Remember</label><input id="remember" type="checkbox" name="Remember" value="true" />
              <label for="size">Size</label><select id="size" name="Size"><option>S</option><option>M</option></select>
              <label for="note">Note</label><textarea id="note" name="Note"></textarea>
              <button type="submit" name="Action" value="save">Save</button>
            </form></body></html>
            """);
    }
}
