package dev.llmchat.backend.system;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The metrics of every connection pool ({@code hikaricp_*}, tagged with the pool's name). Spring Boot binds only the
 * pool the DataSource unwraps to, which for SQLite is the writing one; the reading pool is bound here too.
 */
@Component
class ConnectionPoolMetrics implements MeterBinder {

	private final RoutingDataSource dataSource;

	ConnectionPoolMetrics(RoutingDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSource.pools()
			.filter((pool) -> pool.getMetricRegistry() == null && pool.getMetricsTrackerFactory() == null)
			.forEach((pool) -> pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
	}

}
