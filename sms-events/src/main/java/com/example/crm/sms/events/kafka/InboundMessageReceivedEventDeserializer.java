package com.example.crm.sms.events.kafka;

import com.example.crm.sms.events.InboundMessageReceivedEvent;

public class InboundMessageReceivedEventDeserializer
    extends EventDeserializer<InboundMessageReceivedEvent> {

  public InboundMessageReceivedEventDeserializer() {
    super(InboundMessageReceivedEvent.class);
  }
}
