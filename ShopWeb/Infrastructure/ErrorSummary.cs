using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace ShopWeb.Infrastructure;

/// <summary>
/// A form's problems for its summary (Pages/Shared/_ErrorSummary), in the order of the fields they belong to: the
/// model state keeps them in no order a reader would recognise ("town" before "name"), so each is placed by where its
/// property is declared, along its path (Input, then Address, then City). The form's own problems come first.
/// </summary>
public static class ErrorSummary
{
    public static IReadOnlyList<(string Key, string Message)> Problems(ViewDataDictionary viewData, IModelMetadataProvider metadata) =>
        [.. viewData.ModelState
            .Where(entry => entry.Value is { ValidationState: ModelValidationState.Invalid })
            .SelectMany(entry => entry.Value!.Errors.Select(error => (entry.Key, Message: error.ErrorMessage)))
            .Where(problem => problem.Message.Length > 0)
            .OrderBy(problem => Place(problem.Key, viewData.ModelMetadata.ModelType, metadata), ByPlace.Instance)];

    private static List<int> Place(string key, Type type, IModelMetadataProvider metadata)
    {
        var place = new List<int>();
        foreach (var segment in key.Length == 0 ? [] : key.Split('.'))
        {
            var name = segment.Split('[')[0];
            var properties = metadata.GetMetadataForProperties(type).ToList();
            var at = properties.FindIndex(p => p.PropertyName == name);
            if (at < 0)
            {
                place.Add(int.MaxValue);
                break;
            }

            place.Add(at);
            type = properties[at].ElementType ?? properties[at].ModelType;
        }

        return place;
    }

    private sealed class ByPlace : IComparer<List<int>>
    {
        public static readonly ByPlace Instance = new();

        public int Compare(List<int>? x, List<int>? y)
        {
            for (var i = 0; i < Math.Min(x!.Count, y!.Count); i++)
            {
                if (x[i] != y[i])
                {
                    return x[i].CompareTo(y[i]);
                }
            }

            return x.Count.CompareTo(y.Count); // the form's own problems (no path) first
        }
    }
}
