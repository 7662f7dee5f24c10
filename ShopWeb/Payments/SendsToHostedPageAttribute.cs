using Microsoft.AspNetCore.Mvc.Filters;
using ShopWeb.Infrastructure;

namespace ShopWeb.Payments;

/// <summary>
/// On a page whose form answers with a redirect to the payment provider's hosted page (checkout's Place order, an
/// order's Pay now): its CSP lets forms go there too. Chromium checks every redirect a form's submission follows against
/// form-action, so with the shop's 'self' alone the shopper stayed on the page, the order placed and its stock held.
/// Every other page keeps forms to the shop.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SendsToHostedPageAttribute : ResultFilterAttribute
{
    public override void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.HttpContext.RequestServices.GetService<IPaymentProvider>()?.HostedPageOrigin is { } origin)
        {
            context.HttpContext.Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingFormsTo(origin);
        }
    }
}
