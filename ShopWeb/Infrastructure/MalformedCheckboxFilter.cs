using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ShopWeb.Infrastructure;

/// <summary>
/// A posted checkbox value that is not a boolean ("RememberMe=maybe") makes the checkbox tag helper throw while
/// it redisplays the form (aspnetcore #55512), turning a typo into a 500. This keeps the error message for the
/// field but redisplays the box unticked.
/// </summary>
internal sealed class MalformedCheckboxFilter : IPageFilter
{
    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState == ModelValidationState.Invalid
                && !bool.TryParse(entry.AttemptedValue, out _)
                && IsBoolean(context.HandlerInstance.GetType(), key))
            {
                context.ModelState.SetModelValue(key, rawValue: "false", attemptedValue: "false");
            }
        }
    }

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    /// <summary>Whether the model property a key such as "Input.RememberMe" names is a bool.</summary>
    private static bool IsBoolean(Type type, string key)
    {
        foreach (var name in key.Split('.'))
        {
            var property = type.GetProperty(name);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return type == typeof(bool) || type == typeof(bool?);
    }
}
