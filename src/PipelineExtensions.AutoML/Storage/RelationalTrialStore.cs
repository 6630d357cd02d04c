using System.Data;
using System.Data.Common;
using PipelineExtensions.AutoML.Trials;

namespace PipelineExtensions.AutoML.Storage;

/// <summary>
/// The SQL trial store shared by <see cref="SqliteTrialStore"/> and <see cref="PostgresTrialStore"/>: three tables
/// (<c>pipex_studies</c>, <c>pipex_trials</c>, <c>pipex_intermediate</c>), every state change one short transaction,
/// every write about a running trial fenced by its claim token, times taken from the database's clock.
/// </summary>
public abstract class RelationalTrialStore : ITrialStore
{
    private const string TrialColumns =
        "trial_id, number, state, params, value, metrics, user_attrs, system_attrs, worker, attempt, started, finished, heartbeat, error";

    private protected RelationalTrialStore()
    {
    }

    /// <summary>Opens a connection (pooled by the provider).</summary>
    private protected abstract DbConnection Open();

    /// <summary>Begins a transaction that may write: SQLite takes the write lock at once (BEGIN IMMEDIATE).</summary>
    private protected abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Begins a read transaction giving one consistent snapshot across several SELECTs.</summary>
    private protected abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>SQL for the database's current time in Unix seconds (double).</summary>
    private protected abstract string NowSql { get; }

    /// <summary>Row-lock suffix for claiming a waiting trial (Postgres: FOR UPDATE SKIP LOCKED).</summary>
    private protected abstract string ClaimLockSuffix { get; }

    /// <summary>Serialises the creation of new trial numbers within a study (Postgres locks the study row).</summary>
    private protected abstract void LockStudy(DbConnection connection, DbTransaction transaction, long studyId);

    /// <inheritdoc />
    public StudyInfo CreateOrLoadStudy(string name, OptimizationDirection direction, string searchSpaceJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(searchSpaceJson);
        using var c = Open();
        using var t = BeginWrite(c);
        Sql.Execute(c, t, $"INSERT INTO pipex_studies (name, direction, space, created) VALUES (@name, @direction, @space, {NowSql}) ON CONFLICT (name) DO NOTHING",
            ("name", name), ("direction", (long)direction), ("space", searchSpaceJson));
        var study = ReadStudies(c, t, name).Single();
        t.Commit();
        return StudyCompatibility.Check(study, direction, searchSpaceJson);
    }

    /// <inheritdoc />
    public StudyInfo? FindStudy(string name)
    {
        using var c = Open();
        return ReadStudies(c, null, name).SingleOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<StudyInfo> ListStudies()
    {
        using var c = Open();
        return ReadStudies(c, null, null);
    }

    /// <inheritdoc />
    public TrialClaim? ClaimTrial(long studyId, string worker, ClaimLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string token = Guid.NewGuid().ToString("N");
        using var c = Open();
        using var t = BeginWrite(c);
        long trialId = -1;
        int number = -1;
        string? parameters = null;
        // Re-queued trials (started before) always run; a queued trial that never started is a new trial for the
        // budgets: it starts only while fewer than MaxTrials trials have started and the steps are not spent. The
        // budgets are read under the study lock, so concurrent workers cannot both start the last allowed trial.
        bool stepsSpent = false, freshAllowed = true;
        bool locked = limits.MaxTrials is not null || limits.MaxTotalSteps is not null;
        if (locked)
        {
            LockStudy(c, t, studyId);
            stepsSpent = limits.MaxTotalSteps is { } steps &&
                Sql.Scalar<long>(c, t, "SELECT COUNT(*) FROM pipex_intermediate i JOIN pipex_trials x ON x.trial_id = i.trial_id WHERE x.study_id = @s", ("s", studyId)) >= steps;
            freshAllowed = !stepsSpent && (limits.MaxTrials is not { } started ||
                Sql.Scalar<long>(c, t, "SELECT COUNT(*) FROM pipex_trials WHERE study_id = @s AND attempt > 0", ("s", studyId)) < started);
        }
        Sql.Read(c, t, $"SELECT trial_id, number, params FROM pipex_trials WHERE study_id = @s AND state = {(int)TrialState.Waiting}" +
                       $"{(freshAllowed ? "" : " AND attempt > 0")} ORDER BY number LIMIT 1{ClaimLockSuffix}", r =>
        {
            trialId = r.GetInt64(0);
            number = Convert.ToInt32(r.GetValue(1));
            parameters = r.IsDBNull(2) ? null : r.GetString(2);
        }, ("s", studyId));
        if (trialId < 0)
        {
            if (!locked)
                LockStudy(c, t, studyId);
            long count = Sql.Scalar<long>(c, t, "SELECT COUNT(*) FROM pipex_trials WHERE study_id = @s", ("s", studyId));
            if (limits.MaxTrials is { } max && count >= max)
                return null;
            if (stepsSpent || !freshAllowed)
                return null;
            number = (int)Sql.Scalar<long>(c, t, "SELECT COALESCE(MAX(number), -1) + 1 FROM pipex_trials WHERE study_id = @s", ("s", studyId));
            trialId = Sql.Scalar<long>(c, t,
                $"INSERT INTO pipex_trials (study_id, number, state, attempt) VALUES (@s, @n, {(int)TrialState.Waiting}, 0) RETURNING trial_id",
                ("s", studyId), ("n", (long)number));
        }
        int attempt = (int)Sql.Scalar<long>(c, t,
            $"UPDATE pipex_trials SET state = {(int)TrialState.Running}, worker = @w, claim = @token, attempt = attempt + 1, started = {NowSql}, heartbeat = {NowSql}, finished = NULL WHERE trial_id = @id RETURNING attempt",
            ("w", worker), ("token", token), ("id", trialId));
        t.Commit();
        return new TrialClaim(studyId, trialId, number, token, attempt, parameters is null ? null : TrialJson.ReadNumbers(parameters));
    }

    /// <inheritdoc />
    public int EnqueueTrial(long studyId, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var c = Open();
        using var t = BeginWrite(c);
        LockStudy(c, t, studyId);
        int number = (int)Sql.Scalar<long>(c, t, "SELECT COALESCE(MAX(number), -1) + 1 FROM pipex_trials WHERE study_id = @s", ("s", studyId));
        Sql.Execute(c, t, $"INSERT INTO pipex_trials (study_id, number, state, params, attempt) VALUES (@s, @n, {(int)TrialState.Waiting}, @p, 0)",
            ("s", studyId), ("n", (long)number), ("p", TrialJson.Write(parameters)));
        t.Commit();
        return number;
    }

    /// <inheritdoc />
    public bool SetParameters(TrialClaim claim, IReadOnlyDictionary<string, double> parameters) =>
        UpdateClaimed(claim, "params = @p", ("p", TrialJson.Write(parameters)));

    /// <inheritdoc />
    public bool ReportIntermediate(TrialClaim claim, int step, double value)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Open();
        int n = Sql.Execute(c, null,
            "INSERT INTO pipex_intermediate (trial_id, step, value) SELECT @id, @step, @v WHERE EXISTS " +
            $"(SELECT 1 FROM pipex_trials WHERE trial_id = @id AND claim = @token AND state = {(int)TrialState.Running}) " +
            "ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value",
            ("id", claim.TrialId), ("step", (long)step), ("v", Sql.OrNull(value)), ("token", claim.Token));
        return n == 1;
    }

    /// <inheritdoc />
    public bool SetSystemAttribute(TrialClaim claim, string key, double value)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Open();
        using var t = BeginWrite(c);
        string? json = null;
        bool held = false;
        Sql.Read(c, t, $"SELECT system_attrs FROM pipex_trials WHERE trial_id = @id AND claim = @token AND state = {(int)TrialState.Running}", r =>
        {
            held = true;
            json = r.IsDBNull(0) ? null : r.GetString(0);
        }, ("id", claim.TrialId), ("token", claim.Token));
        if (!held)
            return false;
        var attrs = json is null ? [] : TrialJson.ReadNumbers(json);
        attrs[key] = value;
        Sql.Execute(c, t, "UPDATE pipex_trials SET system_attrs = @a WHERE trial_id = @id", ("a", TrialJson.Write(attrs)), ("id", claim.TrialId));
        t.Commit();
        return true;
    }

    /// <inheritdoc />
    public bool Heartbeat(TrialClaim claim) => UpdateClaimed(claim, $"heartbeat = {NowSql}");

    /// <inheritdoc />
    public bool FinishTrial(TrialClaim claim, TrialOutcomeRecord outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.State is TrialState.Waiting or TrialState.Running)
            throw new ArgumentException($"A trial cannot finish in state {outcome.State}.", nameof(outcome));
        return UpdateClaimed(claim,
            $"state = {(int)outcome.State}, value = @v, metrics = @m, user_attrs = @u, error = @e, finished = {NowSql}",
            ("v", Sql.OrNull(outcome.Value)),
            ("m", Sql.OrNull(outcome.Metrics is { Count: > 0 } m ? TrialJson.Write(m) : null)),
            ("u", Sql.OrNull(outcome.UserAttributes is { Count: > 0 } u ? TrialJson.Write(u) : null)),
            ("e", Sql.OrNull(outcome.Error)));
    }

    /// <inheritdoc />
    public bool ReleaseTrial(TrialClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Open();
        using var t = BeginWrite(c);
        int n = Sql.Execute(c, t, $"UPDATE pipex_trials SET {RequeueSet} WHERE trial_id = @id AND claim = @token AND state = {(int)TrialState.Running}",
            ("id", claim.TrialId), ("token", claim.Token));
        if (n == 1)
            Sql.Execute(c, t, "DELETE FROM pipex_intermediate WHERE trial_id = @id", ("id", claim.TrialId));
        t.Commit();
        return n == 1;
    }

    private static readonly string RequeueSet =
        $"state = {(int)TrialState.Waiting}, worker = NULL, claim = NULL, heartbeat = NULL, started = NULL, system_attrs = NULL";

    /// <inheritdoc />
    public int RecoverStaleTrials(long studyId, TimeSpan staleAfter, StaleTrialPolicy policy, int maxAttempts)
    {
        using var c = Open();
        using var t = BeginWrite(c);
        var stale = new List<(long Id, int Attempt, double? Heartbeat)>();
        Sql.Read(c, t,
            $"SELECT trial_id, attempt, heartbeat FROM pipex_trials WHERE study_id = @s AND state = {(int)TrialState.Running} AND heartbeat < {NowSql} - @stale{ClaimLockSuffix}",
            r => stale.Add((r.GetInt64(0), Convert.ToInt32(r.GetValue(1)), r.IsDBNull(2) ? null : r.GetDouble(2))),
            ("s", studyId), ("stale", staleAfter.TotalSeconds));
        foreach (var (id, attempt, heartbeat) in stale)
        {
            if (policy == StaleTrialPolicy.Requeue && attempt < maxAttempts)
            {
                Sql.Execute(c, t, "DELETE FROM pipex_intermediate WHERE trial_id = @id", ("id", id));
                Sql.Execute(c, t, $"UPDATE pipex_trials SET {RequeueSet} WHERE trial_id = @id", ("id", id));
            }
            else
            {
                Sql.Execute(c, t,
                    $"UPDATE pipex_trials SET state = {(int)TrialState.Failed}, claim = NULL, error = @e, finished = {NowSql} WHERE trial_id = @id",
                    ("id", id), ("e", StudyCompatibility.StaleMessage(Sql.FromUnix(heartbeat), attempt)));
            }
        }
        t.Commit();
        return stale.Count;
    }

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> GetTrials(long studyId)
    {
        using var c = Open();
        using var t = BeginRead(c);
        var intermediate = new Dictionary<long, SortedDictionary<int, double>>();
        Sql.Read(c, t, "SELECT i.trial_id, i.step, i.value FROM pipex_intermediate i JOIN pipex_trials x ON x.trial_id = i.trial_id WHERE x.study_id = @s", r =>
        {
            long id = r.GetInt64(0);
            if (!intermediate.TryGetValue(id, out var series))
                intermediate[id] = series = [];
            series[Convert.ToInt32(r.GetValue(1))] = r.IsDBNull(2) ? double.NaN : r.GetDouble(2);
        }, ("s", studyId));
        var trials = new List<TrialRecord>();
        Sql.Read(c, t, $"SELECT {TrialColumns} FROM pipex_trials WHERE study_id = @s ORDER BY number", r => trials.Add(ReadTrial(r, intermediate)), ("s", studyId));
        t.Commit();
        return trials;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the connection pool.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private bool UpdateClaimed(TrialClaim claim, string set, params (string, object?)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(claim);
        using var c = Open();
        var all = parameters.Append(("id", claim.TrialId)).Append(("token", claim.Token)).ToArray();
        return Sql.Execute(c, null, $"UPDATE pipex_trials SET {set} WHERE trial_id = @id AND claim = @token AND state = {(int)TrialState.Running}", all) == 1;
    }

    private static List<StudyInfo> ReadStudies(DbConnection c, DbTransaction? t, string? name)
    {
        var list = new List<StudyInfo>();
        Action<DbDataReader> add = r => list.Add(new StudyInfo(r.GetInt64(0), r.GetString(1), (OptimizationDirection)Convert.ToInt32(r.GetValue(2)), r.GetString(3)));
        if (name is null)
            Sql.Read(c, t, "SELECT study_id, name, direction, space FROM pipex_studies ORDER BY study_id", add);
        else
            Sql.Read(c, t, "SELECT study_id, name, direction, space FROM pipex_studies WHERE name = @name", add, ("name", name));
        return list;
    }

    private static TrialRecord ReadTrial(DbDataReader r, Dictionary<long, SortedDictionary<int, double>> intermediate)
    {
        long id = r.GetInt64(0);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        double? Real(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        return new TrialRecord(
            Convert.ToInt32(r.GetValue(1)),
            (TrialState)Convert.ToInt32(r.GetValue(2)),
            Text(3) is { } p ? TrialJson.ReadNumbers(p) : null,
            Real(4),
            intermediate.GetValueOrDefault(id),
            Text(5) is { } m ? TrialJson.ReadNumbers(m) : null,
            Text(6) is { } u ? TrialJson.ReadStrings(u) : null,
            Text(7) is { } s ? TrialJson.ReadNumbers(s) : null)
        {
            Worker = Text(8),
            Attempt = Convert.ToInt32(r.GetValue(9)),
            Started = Sql.FromUnix(Real(10)),
            Finished = Sql.FromUnix(Real(11)),
            Heartbeat = Sql.FromUnix(Real(12)),
            Error = Text(13),
        };
    }
}
