using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace ShopWeb.Api;

/// <summary>
/// Checks a request body against the rules on its type (the same DataAnnotations the pages' forms carry), nested
/// objects included, and names each error by its JSON path: <c>address.postalCode</c>.
/// </summary>
internal static class ApiValidation
{
    public static Dictionary<string, string[]> Errors(object body, IServiceProvider services)
    {
        var errors = new Dictionary<string, List<string>>();
        Collect(body, "", services, errors);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static void Collect(object value, string prefix, IServiceProvider services, Dictionary<string, List<string>> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value, services, null), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(member);
                (errors.TryGetValue(path, out var list) ? list : errors[path] = []).Add(result.ErrorMessage ?? "This value is not valid.");
            }
        }

        // Validator does not descend into nested objects: their rules are checked here, under their own path.
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && property.GetValue(value) is { } nested
                && property.PropertyType.Namespace?.StartsWith("ShopWeb", StringComparison.Ordinal) == true)
            {
                Collect(nested, prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name) + ".", services, errors);
            }
        }
    }
}
