namespace Apie;

/// <summary>
/// The shape of a session, sent on the wire as <c>single_agent</c>, <c>multi_agent</c> or <c>pipeline</c>.
/// </summary>
public enum SessionKind
{
    /// <summary>One agent handles the whole session.</summary>
    SingleAgent = 0,

    /// <summary>Several agents cooperate, usually under an orchestrator.</summary>
    MultiAgent = 1,

    /// <summary>Runs follow each other as the steps of a pipeline.</summary>
    Pipeline = 2,
}
