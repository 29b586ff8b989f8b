package vn.lienthong.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The console's live feed as a browser's EventSource meets it, without the hub around it. */
class LiveFeedTest {

    @RestController
    static class Live {
        final LiveFeed feed;

        Live(LiveFeed feed) {
            this.feed = feed;
        }

        @GetMapping("/live")
        SseEmitter live() {
            return feed.subscribe();
        }
    }

    @Test
    void aNewSubscriberOfAQuietFeedGetsAFirstLineAtOnce() throws Exception {
        // no event yet (a hub just started): without a first line the headers waited for the 15 s keep-alive, and
        // the console showed the feed as not connected until then
        LiveFeed feed = new LiveFeed(new ObjectMapper(), null);
        feed.start();
        try {
            MockMvc mvc = MockMvcBuilders.standaloneSetup(new Live(feed)).build();
            MvcResult res = mvc.perform(get("/live")).andExpect(request().asyncStarted()).andReturn();
            assertThat(res.getResponse().getContentType()).startsWith("text/event-stream");
            assertThat(res.getResponse().getContentAsString()).isEqualTo(":connected\n\n");
        } finally {
            feed.stop();
        }
    }
}
