using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Admin;

/// <summary>
/// On every admin page (added to the folder by convention, after its Admin-role check): an admin without a second
/// factor is sent to set one up first (<see cref="AdminOptions.RequireTwoFactor"/>), and comes back afterwards.
/// </summary>
internal sealed class AdminTwoFactorFilter : IAsyncPageFilter
{
    public const string SetUpPath = "/account/security/authenticator";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        if (services.GetRequiredService<IOptions<AdminOptions>>().Value.RequireTwoFactor)
        {
            var users = services.GetRequiredService<UserManager<ApplicationUser>>();
            if (await users.GetUserAsync(context.HttpContext.User) is not { } admin || !await users.GetTwoFactorEnabledAsync(admin))
            {
                var request = context.HttpContext.Request;
                var back = request.PathBase + request.Path + (HttpMethods.IsGet(request.Method) ? request.QueryString : default);
                context.Result = new RedirectResult(SetUpPath + QueryString.Create("returnUrl", back));
                return;
            }
        }

        await next();
    }
}
