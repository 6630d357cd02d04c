namespace PipelineExtensions.AutoML.Trials;

/// <summary>A study as stored: its id in the store, unique name, direction and search space (JSON).</summary>
/// <param name="Id">The store's id of the study.</param>
/// <param name="Name">The unique study name.</param>
/// <param name="Direction">Whether smaller or larger values are better.</param>
/// <param name="SearchSpaceJson">The search space (see <see cref="SearchSpaces.SearchSpaceJson"/>).</param>
public sealed record StudyInfo(long Id, string Name, OptimizationDirection Direction, string SearchSpaceJson);
