using System.Text.Json.Nodes;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Storage;

// Shared rules of the stores: when may an existing study be resumed, and how a stale trial's failure reads.
internal static class StudyCompatibility
{
    public static StudyInfo Check(StudyInfo existing, OptimizationDirection direction, string searchSpaceJson)
    {
        if (existing.Direction != direction)
            throw new InvalidOperationException(
                $"Study '{existing.Name}' exists with direction {existing.Direction}; this run asks for {direction}. Resume it with the same direction or use another study name.");
        if (!SameJson(existing.SearchSpaceJson, searchSpaceJson))
            throw new InvalidOperationException(
                $"Study '{existing.Name}' exists with another search space; resuming it with a different space would mix incomparable trials. Stored: {Compact(existing.SearchSpaceJson)}; requested: {Compact(searchSpaceJson)}.");
        return existing;
    }

    public static string StaleMessage(DateTimeOffset? lastHeartbeat, int attempt) =>
        $"The worker running attempt {attempt} stopped sending heartbeats (last at {lastHeartbeat:O}); the trial was marked failed.";

    private static bool SameJson(string a, string b)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        }
        catch (System.Text.Json.JsonException)
        {
            return a == b;
        }
    }

    private static string Compact(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString() ?? json;
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }
}
