/**
 * The topics' ids and names without loading the gazetteer: the API, the digest and `subscribe` need
 * only these, and the full taxonomy is megabytes. (The tagger validates the same file when it loads.)
 */
import topics from '../../taxonomy/topics.json';

export interface TopicSummary {
  id: string;
  name: string;
}

export function topicList(): TopicSummary[] {
  return topics.topics.map((t) => ({ id: t.id, name: t.name }));
}
