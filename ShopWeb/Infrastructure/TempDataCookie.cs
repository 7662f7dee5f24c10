using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The framework's TempData cookie less one habit: it deletes the cookie after every request that read TempData,
/// even one that brought no such cookie. The layout reads it on every page (the status message), so every page
/// would send a Set-Cookie, and a response that sets a cookie is never kept in the output cache.
/// </summary>
internal sealed class TempDataCookie(CookieTempDataProvider cookie, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookie.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count > 0 || context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!))
        {
            cookie.SaveTempData(context, values);
        }
    }
}
