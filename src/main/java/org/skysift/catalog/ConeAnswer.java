package org.skysift.catalog;

import java.util.List;

/**
 * A cone's reference rows with what it took to get them: the rows refused (each naming its
 * answer and line), the HTTP requests made, how deep the cone was split to stay under the row cap,
 * and whether the rows came from the cache.
 */
public record ConeAnswer(List<RefStar> stars, List<String> problems, int requests, int splitDepth, boolean fromCache) {
    public int malformedRows() {
        return problems.size();
    }
}
