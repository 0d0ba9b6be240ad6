package com.example.crm.sms.events;

/** One MMS attachment: Twilio's MediaUrlN and MediaContentTypeN. */
public record MediaItem(String url, String contentType) {}
